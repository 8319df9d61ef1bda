//! What the generated users say, in seven languages: each subject's
//! phrasings (with `{a|b}` alternatives), greetings, thanks, complaints,
//! requests for a person, and what the bot answers.

/// A language's code and its share of the conversations.
pub(super) const LANGUAGES: [(&str, u32); 7] = [
    ("en", 55),
    ("de", 13),
    ("fr", 10),
    ("es", 10),
    ("it", 5),
    ("pt", 4),
    ("nl", 3),
];

/// Where users of a language are (ISO 3166-1 alpha-2), with weights.
pub(super) fn countries(language: &str) -> &'static [(&'static str, u32)] {
    match language {
        "de" => &[("DE", 70), ("AT", 18), ("CH", 12)],
        "fr" => &[("FR", 70), ("BE", 15), ("CA", 10), ("CH", 5)],
        "es" => &[("ES", 50), ("MX", 30), ("AR", 20)],
        "it" => &[("IT", 90), ("CH", 10)],
        "pt" => &[("BR", 75), ("PT", 25)],
        "nl" => &[("NL", 80), ("BE", 20)],
        _ => &[("US", 45), ("GB", 20), ("IN", 15), ("CA", 10), ("AU", 10)],
    }
}

/// One subject users ask about: its key (the planted truth), the page they
/// ask it on, and its phrasings per language.
pub(super) struct Subject {
    pub(super) key: &'static str,
    pub(super) page: &'static str,
    pub(super) phrasings: &'static [(&'static str, &'static str)],
}

/// Every subject the generator knows.
pub(super) const SUBJECTS: &[Subject] = &[
    Subject {
        key: "refund",
        page: "/pricing",
        phrasings: &[
            (
                "en",
                "How do I get a refund for my {annual|yearly|monthly} plan?",
            ),
            (
                "en",
                "I was charged for the {annual|yearly} plan and I want a refund",
            ),
            (
                "en",
                "Can I get my money back? It's been {2|3|5} days since I paid",
            ),
            ("en", "refund my subscription please, I was charged twice"),
            (
                "en",
                "Your prices went up, I want my money back for this month",
            ),
            (
                "en",
                "I cancelled but the renewal still charged me, how do I get refunded?",
            ),
            (
                "de",
                "Wie bekomme ich eine Rückerstattung für mein {Jahresabo|Abo}?",
            ),
            (
                "de",
                "Ich möchte mein Geld zurück, mir wurde zu viel berechnet",
            ),
            (
                "fr",
                "Comment obtenir un remboursement de mon abonnement {annuel|mensuel} ?",
            ),
            ("fr", "J'ai été débité deux fois, je veux être remboursé"),
            (
                "es",
                "¿Cómo solicito un reembolso de mi plan {anual|mensual}?",
            ),
            (
                "es",
                "Me cobraron dos veces, quiero que me devuelvan el dinero",
            ),
            ("it", "Come posso ottenere un rimborso del mio abbonamento?"),
            ("it", "Mi avete addebitato due volte, voglio il rimborso"),
            (
                "pt",
                "Como peço o reembolso da minha assinatura {anual|mensal}?",
            ),
            ("pt", "Fui cobrado duas vezes, quero meu dinheiro de volta"),
            ("nl", "Hoe krijg ik mijn geld terug voor mijn abonnement?"),
            ("nl", "Ik wil een terugbetaling, ik ben twee keer betaald"),
        ],
    },
    Subject {
        key: "cancel",
        page: "/account",
        phrasings: &[
            ("en", "How do I cancel my subscription?"),
            ("en", "Where is the button to cancel auto renewal?"),
            (
                "en",
                "I want to stop my membership before the next billing date",
            ),
            ("en", "how can i end my plan"),
            ("de", "Wie kann ich mein Abo kündigen?"),
            (
                "de",
                "Wo kann ich die automatische Verlängerung ausschalten?",
            ),
            ("fr", "Comment résilier mon abonnement ?"),
            ("fr", "Je veux annuler le renouvellement automatique"),
            ("es", "¿Cómo cancelo mi suscripción?"),
            ("es", "Quiero desactivar la renovación automática"),
            ("it", "Come posso disdire il mio abbonamento?"),
            ("it", "Voglio annullare il rinnovo automatico"),
            ("pt", "Como cancelo minha assinatura?"),
            ("pt", "Quero desativar a renovação automática"),
            ("nl", "Hoe kan ik mijn abonnement opzeggen?"),
            ("nl", "Ik wil de automatische verlenging stoppen"),
        ],
    },
    Subject {
        key: "password",
        page: "/support/reset-password",
        phrasings: &[
            ("en", "How do I reset my password?"),
            (
                "en",
                "I forgot my password and the reset email never arrives",
            ),
            ("en", "password reset link is not working"),
            ("en", "Can't log in, I need a new password"),
            ("de", "Wie setze ich mein Passwort zurück?"),
            ("de", "Ich habe mein Passwort vergessen"),
            ("fr", "Comment réinitialiser mon mot de passe ?"),
            ("fr", "J'ai oublié mon mot de passe"),
            ("es", "¿Cómo restablezco mi contraseña?"),
            ("es", "Olvidé mi contraseña y no me llega el correo"),
            ("it", "Come reimposto la mia password?"),
            ("it", "Ho dimenticato la password"),
            ("pt", "Como redefinir minha senha?"),
            ("pt", "Esqueci minha senha"),
            ("nl", "Hoe reset ik mijn wachtwoord?"),
            ("nl", "Ik ben mijn wachtwoord vergeten"),
        ],
    },
    Subject {
        key: "invoice",
        page: "/billing",
        phrasings: &[
            ("en", "Where can I download my invoice?"),
            ("en", "I need an invoice with my company's VAT number"),
            ("en", "how do i get a receipt for last month's payment"),
            (
                "en",
                "Can you send me the invoices for {2023|2024|this year}?",
            ),
            ("de", "Wo finde ich meine Rechnung?"),
            ("de", "Ich brauche eine Rechnung mit unserer USt-IdNr"),
            ("fr", "Où puis-je télécharger ma facture ?"),
            ("fr", "J'ai besoin d'une facture avec notre numéro de TVA"),
            ("es", "¿Dónde descargo mi factura?"),
            ("es", "Necesito una factura con el NIF de mi empresa"),
            ("it", "Dove posso scaricare la fattura?"),
            ("it", "Mi serve una fattura con la partita IVA"),
            ("pt", "Onde baixo minha nota fiscal?"),
            ("pt", "Preciso da fatura com o CNPJ da empresa"),
            ("nl", "Waar kan ik mijn factuur downloaden?"),
            ("nl", "Ik heb een factuur met ons btw-nummer nodig"),
        ],
    },
    Subject {
        key: "upgrade",
        page: "/pricing",
        phrasings: &[
            ("en", "How do I upgrade to the pro plan?"),
            (
                "en",
                "What's the difference between the basic and pro plans?",
            ),
            ("en", "Can I switch from monthly to annual billing?"),
            ("en", "how much does the business tier cost"),
            ("de", "Wie wechsle ich zum Pro-Tarif?"),
            ("de", "Was kostet der Business-Tarif?"),
            ("fr", "Comment passer à l'offre Pro ?"),
            ("fr", "Combien coûte l'offre Business ?"),
            ("es", "¿Cómo me cambio al plan Pro?"),
            ("es", "¿Cuánto cuesta el plan Business?"),
            ("it", "Come passo al piano Pro?"),
            ("it", "Quanto costa il piano Business?"),
            ("pt", "Como faço upgrade para o plano Pro?"),
            ("pt", "Quanto custa o plano Business?"),
            ("nl", "Hoe stap ik over naar het Pro-abonnement?"),
            ("nl", "Wat kost het Business-pakket?"),
        ],
    },
    Subject {
        key: "shipping",
        page: "/shipping",
        phrasings: &[
            ("en", "When will my order arrive?"),
            ("en", "My package hasn't shipped yet, where is it?"),
            ("en", "Do you deliver to {Canada|Ireland|Norway}?"),
            ("en", "how long does delivery take"),
            ("de", "Wann kommt meine Bestellung an?"),
            ("de", "Mein Paket wurde noch nicht verschickt"),
            ("fr", "Quand ma commande va-t-elle arriver ?"),
            ("fr", "Mon colis n'a toujours pas été expédié"),
            ("es", "¿Cuándo llega mi pedido?"),
            ("es", "Mi paquete todavía no ha sido enviado"),
            ("it", "Quando arriva il mio ordine?"),
            ("it", "Il mio pacco non è ancora stato spedito"),
            ("pt", "Quando meu pedido vai chegar?"),
            ("pt", "Meu pacote ainda não foi enviado"),
            ("nl", "Wanneer komt mijn bestelling aan?"),
            ("nl", "Mijn pakket is nog niet verzonden"),
        ],
    },
    Subject {
        key: "delete-account",
        page: "/account",
        phrasings: &[
            ("en", "How do I delete my account permanently?"),
            ("en", "Please remove all my data and close my account"),
            ("en", "i want to delete my profile"),
            ("de", "Wie lösche ich mein Konto dauerhaft?"),
            ("de", "Bitte löschen Sie mein Benutzerkonto"),
            ("fr", "Comment supprimer définitivement mon compte ?"),
            ("fr", "Je veux fermer mon compte"),
            ("es", "¿Cómo elimino mi cuenta definitivamente?"),
            ("es", "Quiero borrar mi cuenta"),
            ("it", "Come elimino definitivamente il mio account?"),
            ("it", "Voglio chiudere il mio account"),
            ("pt", "Como excluo minha conta definitivamente?"),
            ("pt", "Quero apagar minha conta"),
            ("nl", "Hoe verwijder ik mijn account definitief?"),
            ("nl", "Ik wil mijn account sluiten"),
        ],
    },
    Subject {
        key: "email-change",
        page: "/account",
        phrasings: &[
            ("en", "Where can I change my email address?"),
            ("en", "How do I update the e-mail on my account?"),
            ("en", "change login email"),
            ("de", "Wie ändere ich meine E-Mail-Adresse?"),
            ("de", "Wo kann ich meine Mailadresse aktualisieren?"),
            ("fr", "Comment changer mon adresse e-mail ?"),
            ("fr", "Où modifier l'adresse mail de mon compte ?"),
            ("es", "¿Cómo cambio mi correo electrónico?"),
            ("es", "¿Dónde actualizo el email de mi cuenta?"),
            ("it", "Come cambio il mio indirizzo email?"),
            ("it", "Dove aggiorno la mail del mio account?"),
            ("pt", "Como altero meu endereço de e-mail?"),
            ("pt", "Onde atualizo o email da minha conta?"),
            ("nl", "Hoe wijzig ik mijn e-mailadres?"),
            ("nl", "Waar pas ik het e-mailadres van mijn account aan?"),
        ],
    },
    Subject {
        key: "api",
        page: "/docs/api",
        phrasings: &[
            ("en", "Where do I find my API key?"),
            ("en", "What is the rate limit of the API?"),
            ("en", "The API returns 401 with my key, why?"),
            ("en", "Is there an API endpoint to export conversations?"),
            ("de", "Wo finde ich meinen API-Schlüssel?"),
            ("de", "Welches Rate-Limit hat die API?"),
            ("fr", "Où trouver ma clé API ?"),
            ("fr", "Quelle est la limite de requêtes de l'API ?"),
            ("es", "¿Dónde encuentro mi clave de API?"),
            ("es", "¿Cuál es el límite de peticiones de la API?"),
            ("it", "Dove trovo la mia chiave API?"),
            ("it", "Qual è il limite di richieste dell'API?"),
            ("pt", "Onde encontro minha chave de API?"),
            ("pt", "Qual é o limite de requisições da API?"),
            ("nl", "Waar vind ik mijn API-sleutel?"),
            ("nl", "Wat is de rate limit van de API?"),
        ],
    },
    Subject {
        key: "export-data",
        page: "/docs/getting-started",
        phrasings: &[
            ("en", "How do I export my chat history to Excel?"),
            ("en", "Can I download all conversations as CSV?"),
            ("en", "export chats to spreadsheet"),
            ("de", "Wie exportiere ich den Chatverlauf nach Excel?"),
            ("de", "Kann ich alle Unterhaltungen als CSV herunterladen?"),
            (
                "fr",
                "Comment exporter l'historique des conversations vers Excel ?",
            ),
            (
                "fr",
                "Puis-je télécharger toutes les conversations en CSV ?",
            ),
            ("es", "¿Cómo exporto el historial de chats a Excel?"),
            ("es", "¿Puedo descargar todas las conversaciones en CSV?"),
            ("it", "Come esporto la cronologia delle chat in Excel?"),
            ("it", "Posso scaricare tutte le conversazioni in CSV?"),
            ("pt", "Como exporto o histórico de conversas para o Excel?"),
            ("pt", "Posso baixar todas as conversas em CSV?"),
            ("nl", "Hoe exporteer ik de chatgeschiedenis naar Excel?"),
            ("nl", "Kan ik alle gesprekken als CSV downloaden?"),
        ],
    },
    Subject {
        key: "discount",
        page: "/pricing",
        phrasings: &[
            ("en", "Is there a discount for nonprofits?"),
            ("en", "Do you offer student pricing?"),
            ("en", "any coupon code for the first year"),
            ("de", "Gibt es einen Rabatt für gemeinnützige Vereine?"),
            ("de", "Gibt es einen Studentenrabatt?"),
            ("fr", "Avez-vous une réduction pour les associations ?"),
            ("fr", "Existe-t-il un tarif étudiant ?"),
            ("es", "¿Hay descuento para ONG?"),
            ("es", "¿Tienen precio para estudiantes?"),
            ("it", "C'è uno sconto per le associazioni no profit?"),
            ("it", "Avete prezzi per studenti?"),
            ("pt", "Existe desconto para ONGs?"),
            ("pt", "Vocês têm preço para estudantes?"),
            ("nl", "Is er korting voor goede doelen?"),
            ("nl", "Hebben jullie een studentenkorting?"),
        ],
    },
    Subject {
        key: "team",
        page: "/docs/team",
        phrasings: &[
            ("en", "How do I invite my team?"),
            ("en", "Can I add more users to my workspace?"),
            ("en", "how to give a colleague admin access"),
            ("de", "Wie lade ich mein Team ein?"),
            ("de", "Kann ich weitere Nutzer hinzufügen?"),
            ("fr", "Comment inviter mon équipe ?"),
            ("fr", "Puis-je ajouter d'autres utilisateurs ?"),
            ("es", "¿Cómo invito a mi equipo?"),
            ("es", "¿Puedo añadir más usuarios?"),
            ("it", "Come invito il mio team?"),
            ("it", "Posso aggiungere altri utenti?"),
            ("pt", "Como convido minha equipe?"),
            ("pt", "Posso adicionar mais usuários?"),
            ("nl", "Hoe nodig ik mijn team uit?"),
            ("nl", "Kan ik meer gebruikers toevoegen?"),
        ],
    },
    Subject {
        key: "two-factor",
        page: "/support/security",
        phrasings: &[
            ("en", "How do I turn on two-factor authentication?"),
            ("en", "I lost my phone and can't get the 2FA code"),
            ("en", "authenticator app codes are not accepted"),
            ("de", "Wie aktiviere ich die Zwei-Faktor-Authentifizierung?"),
            (
                "de",
                "Ich habe mein Handy verloren und bekomme keinen 2FA-Code",
            ),
            ("fr", "Comment activer la double authentification ?"),
            ("fr", "J'ai perdu mon téléphone et je n'ai plus le code 2FA"),
            ("es", "¿Cómo activo la verificación en dos pasos?"),
            ("es", "Perdí mi móvil y no recibo el código 2FA"),
            ("it", "Come attivo l'autenticazione a due fattori?"),
            ("it", "Ho perso il telefono e non ricevo il codice 2FA"),
            ("pt", "Como ativo a autenticação em dois fatores?"),
            ("pt", "Perdi meu celular e não recebo o código 2FA"),
            ("nl", "Hoe zet ik tweestapsverificatie aan?"),
            ("nl", "Ik ben mijn telefoon kwijt en krijg geen 2FA-code"),
        ],
    },
    Subject {
        key: "payment-failed",
        page: "/billing",
        phrasings: &[
            ("en", "My card was declined, what should I do?"),
            ("en", "Payment failed but my bank says the money is there"),
            ("en", "can i pay with paypal instead of credit card"),
            ("de", "Meine Kreditkarte wurde abgelehnt"),
            ("de", "Kann ich mit PayPal statt Kreditkarte zahlen?"),
            ("fr", "Ma carte a été refusée, que faire ?"),
            ("fr", "Puis-je payer avec PayPal au lieu de la carte ?"),
            ("es", "Mi tarjeta fue rechazada, ¿qué hago?"),
            ("es", "¿Puedo pagar con PayPal en vez de tarjeta?"),
            ("it", "La mia carta è stata rifiutata, cosa faccio?"),
            ("it", "Posso pagare con PayPal invece della carta?"),
            ("pt", "Meu cartão foi recusado, o que faço?"),
            ("pt", "Posso pagar com PayPal em vez do cartão?"),
            ("nl", "Mijn kaart is geweigerd, wat nu?"),
            (
                "nl",
                "Kan ik met PayPal betalen in plaats van met een creditcard?",
            ),
        ],
    },
    Subject {
        key: "integration",
        page: "/docs/integrations",
        phrasings: &[
            ("en", "How do I connect the chatbot to WhatsApp?"),
            ("en", "Is there a Slack integration?"),
            ("en", "can the bot be embedded in shopify"),
            ("de", "Wie verbinde ich den Chatbot mit WhatsApp?"),
            ("de", "Gibt es eine Slack-Integration?"),
            ("fr", "Comment connecter le chatbot à WhatsApp ?"),
            ("fr", "Existe-t-il une intégration Slack ?"),
            ("es", "¿Cómo conecto el chatbot con WhatsApp?"),
            ("es", "¿Hay integración con Slack?"),
            ("it", "Come collego il chatbot a WhatsApp?"),
            ("it", "Esiste un'integrazione con Slack?"),
            ("pt", "Como conecto o chatbot ao WhatsApp?"),
            ("pt", "Existe integração com o Slack?"),
            ("nl", "Hoe koppel ik de chatbot aan WhatsApp?"),
            ("nl", "Is er een Slack-integratie?"),
        ],
    },
    Subject {
        key: "privacy",
        page: "/legal/privacy",
        phrasings: &[
            ("en", "Is my data stored in the EU?"),
            ("en", "Are you GDPR compliant?"),
            (
                "en",
                "who can see the conversations my customers have with the bot",
            ),
            ("de", "Werden meine Daten in der EU gespeichert?"),
            ("de", "Seid ihr DSGVO-konform?"),
            ("fr", "Mes données sont-elles stockées dans l'UE ?"),
            ("fr", "Êtes-vous conformes au RGPD ?"),
            ("es", "¿Mis datos se guardan en la UE?"),
            ("es", "¿Cumplen con el RGPD?"),
            ("it", "I miei dati sono conservati nell'UE?"),
            ("it", "Siete conformi al GDPR?"),
            ("pt", "Meus dados ficam armazenados na UE?"),
            ("pt", "Vocês estão em conformidade com a LGPD?"),
            ("nl", "Worden mijn gegevens in de EU opgeslagen?"),
            ("nl", "Zijn jullie AVG-compliant?"),
        ],
    },
    Subject {
        key: "custom-domain",
        page: "/docs/custom-domain",
        phrasings: &[
            ("en", "How do I use my own domain for the chat widget?"),
            ("en", "The CNAME record for my subdomain is not verified"),
            ("en", "can the widget run on chat.mycompany.com"),
            ("de", "Wie nutze ich meine eigene Domain für das Widget?"),
            (
                "de",
                "Der CNAME-Eintrag meiner Subdomain wird nicht bestätigt",
            ),
            ("fr", "Comment utiliser mon propre domaine pour le widget ?"),
            (
                "fr",
                "L'enregistrement CNAME de mon sous-domaine n'est pas vérifié",
            ),
            ("es", "¿Cómo uso mi propio dominio para el widget?"),
            ("es", "El registro CNAME de mi subdominio no se verifica"),
            ("it", "Come uso il mio dominio per il widget?"),
            (
                "it",
                "Il record CNAME del mio sottodominio non viene verificato",
            ),
            ("pt", "Como uso meu próprio domínio no widget?"),
            ("pt", "O registro CNAME do meu subdomínio não é verificado"),
            ("nl", "Hoe gebruik ik mijn eigen domein voor de widget?"),
            (
                "nl",
                "Het CNAME-record van mijn subdomein wordt niet geverifieerd",
            ),
        ],
    },
    Subject {
        key: "app-crash",
        page: "/support/mobile",
        phrasings: &[
            ("en", "The mobile app crashes when I open the inbox"),
            ("en", "iOS app keeps closing after the last update"),
            ("en", "android app freezes on the login screen"),
            ("de", "Die App stürzt beim Öffnen des Posteingangs ab"),
            ("de", "Seit dem Update schließt sich die iOS-App ständig"),
            (
                "fr",
                "L'application plante quand j'ouvre la boîte de réception",
            ),
            ("fr", "L'appli iOS se ferme depuis la dernière mise à jour"),
            ("es", "La app se cierra al abrir la bandeja de entrada"),
            (
                "es",
                "La aplicación de Android se congela en la pantalla de inicio",
            ),
            ("it", "L'app si blocca quando apro la posta in arrivo"),
            ("it", "L'app iOS si chiude dopo l'ultimo aggiornamento"),
            ("pt", "O aplicativo trava quando abro a caixa de entrada"),
            ("pt", "O app do iOS fecha sozinho depois da atualização"),
            ("nl", "De app crasht als ik de inbox open"),
            ("nl", "De iOS-app sluit steeds af na de laatste update"),
        ],
    },
    Subject {
        key: "webhooks",
        page: "/docs/webhooks",
        phrasings: &[
            ("en", "My webhook endpoint never receives the events"),
            ("en", "How do I verify the webhook signature?"),
            ("en", "webhook deliveries fail with a timeout"),
            ("de", "Mein Webhook-Endpunkt empfängt keine Ereignisse"),
            ("de", "Wie prüfe ich die Webhook-Signatur?"),
            ("fr", "Mon webhook ne reçoit jamais les événements"),
            ("fr", "Comment vérifier la signature du webhook ?"),
            ("es", "Mi webhook nunca recibe los eventos"),
            ("es", "¿Cómo verifico la firma del webhook?"),
            ("it", "Il mio webhook non riceve mai gli eventi"),
            ("it", "Come verifico la firma del webhook?"),
            ("pt", "Meu webhook nunca recebe os eventos"),
            ("pt", "Como verifico a assinatura do webhook?"),
            ("nl", "Mijn webhook ontvangt nooit de events"),
            ("nl", "Hoe controleer ik de webhook-handtekening?"),
        ],
    },
];

/// What people open with, in each language (no subject in it).
pub(super) fn greetings(language: &str) -> &'static [&'static str] {
    match language {
        "de" => &["Hallo", "Hi", "Guten Tag", "Hallo, ich habe eine Frage"],
        "fr" => &["Bonjour", "Salut", "Bonjour, j'ai une question"],
        "es" => &["Hola", "Buenas", "Hola, tengo una pregunta"],
        "it" => &["Ciao", "Buongiorno", "Salve, ho una domanda"],
        "pt" => &["Olá", "Oi", "Bom dia, tenho uma dúvida"],
        "nl" => &["Hallo", "Hoi", "Goedemiddag, ik heb een vraag"],
        _ => &[
            "Hi",
            "Hello",
            "hey there",
            "Hi, I have a question",
            "Good morning",
        ],
    }
}

/// What people say after a good answer.
pub(super) fn thanks(language: &str) -> &'static [&'static str] {
    match language {
        "de" => &["Danke!", "Super, danke"],
        "fr" => &["Merci !", "Parfait, merci"],
        "es" => &["¡Gracias!", "Perfecto, gracias"],
        "it" => &["Grazie!", "Perfetto, grazie"],
        "pt" => &["Obrigado!", "Perfeito, valeu"],
        "nl" => &["Bedankt!", "Top, dank je"],
        _ => &["Thanks!", "great, thank you", "ok thx"],
    }
}

/// Follow-up complaints after a poor answer.
pub(super) fn complaints(language: &str) -> &'static [&'static str] {
    match language {
        "de" => &[
            "Das ist nicht das, was ich gefragt habe",
            "Das hilft mir nicht",
            "Nutzlos",
        ],
        "fr" => &[
            "Ce n'est pas ce que j'ai demandé",
            "Ça ne m'aide pas du tout",
            "Réponse inutile",
        ],
        "es" => &[
            "Eso no es lo que pregunté",
            "No me ayuda en nada",
            "Respuesta inútil",
        ],
        "it" => &["Non è quello che ho chiesto", "Non mi aiuta", "Inutile"],
        "pt" => &["Não foi isso que eu perguntei", "Isso não ajuda", "Inútil"],
        "nl" => &["Dat is niet wat ik vroeg", "Dit helpt niet", "Nutteloos"],
        _ => &[
            "that's not what I asked",
            "That doesn't answer my question",
            "useless",
            "No, I asked something else",
            "this is not helpful at all",
            "you didn't understand my question",
        ],
    }
}

/// Requests for a person.
pub(super) fn escalations(language: &str) -> &'static [&'static str] {
    match language {
        "de" => &[
            "Kann ich mit einem Mitarbeiter sprechen?",
            "Ich will mit einem Menschen reden",
        ],
        "fr" => &[
            "Je veux parler à un conseiller",
            "Puis-je parler à un humain ?",
        ],
        "es" => &[
            "Quiero hablar con una persona",
            "¿Puedo hablar con un agente?",
        ],
        "it" => &[
            "Vorrei parlare con un operatore",
            "Posso parlare con una persona?",
        ],
        "pt" => &[
            "Quero falar com um atendente",
            "Posso falar com uma pessoa?",
        ],
        "nl" => &[
            "Ik wil een medewerker spreken",
            "Kan ik met een mens praten?",
        ],
        _ => &[
            "can I talk to a human?",
            "I want to speak to a real person",
            "connect me with an agent please",
            "Is there a phone number for customer service?",
            "let me talk to someone from support",
        ],
    }
}

/// The bot's answer when it does not know.
pub(super) fn fallback(language: &str) -> &'static str {
    match language {
        "de" => "Das weiß ich leider nicht. Kann ich sonst helfen?",
        "fr" => "Je suis désolé, je n'ai pas cette information.",
        "es" => "Lo siento, no tengo información sobre eso.",
        "it" => "Mi dispiace, non ho informazioni su questo.",
        "pt" => "Desculpe, não tenho informações sobre isso.",
        "nl" => "Sorry, daar heb ik geen informatie over.",
        _ => {
            "I'm sorry, I couldn't find information about that. Is there anything else I can help with?"
        }
    }
}

/// The bot's answer when it knows: points at the page (a cited source).
pub(super) fn helpful(language: &str) -> &'static str {
    match language {
        "de" => "Das finden Sie hier:",
        "fr" => "Vous trouverez la réponse ici :",
        "es" => "Puede encontrarlo aquí:",
        "it" => "Trova la risposta qui:",
        "pt" => "Você encontra a resposta aqui:",
        "nl" => "U vindt het antwoord hier:",
        _ => "Here is how:",
    }
}

/// What a person writes when it is only about a person (no subject).
pub(super) const ESCALATION_ONLY: f64 = 0.03;

/// Conversations that are only a greeting and thanks.
pub(super) const GREETING_ONLY: f64 = 0.02;
