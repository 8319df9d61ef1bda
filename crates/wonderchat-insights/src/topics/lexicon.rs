//! What the topic grouping knows about how people talk to a support
//! chatbot, in English, German, French, Spanish, Italian, Portuguese and
//! Dutch (folded: lower case, no accents; `*` ends a prefix):
//!
//! - **filler**: greetings, thanks, "please", "question", modal verbs:
//!   words around a question that never name its subject;
//! - **complaints**: follow-ups about the answer ("that's not what I
//!   asked", "useless", "das hilft nicht"): never a subject;
//! - **escalation**: asking for a person ("talk to a human", "agent",
//!   "Mitarbeiter", "conseiller"): counted as escalation demand, never a
//!   subject;
//! - **concepts**: words and phrases that name the same support subject
//!   across phrasings and languages ("refund", "money back",
//!   "Rückerstattung", "remboursement"), so they group as one. A word
//!   outside these groups by itself (and its one-edit typos).
//!
//! The lists are data: a phrase is matched on a message's tokens (as
//! `text::tokens` makes them), complaints and escalation as a run of
//! consecutive tokens, concepts as a set of words anywhere in the message.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::text::{fold, tokens};

/// Words around a question that name no subject, in any language.
const FILLER: &[&str] = &[
    // Greetings and thanks.
    "hi",
    "hello",
    "hey",
    "hiya",
    "morning",
    "afternoon",
    "evening",
    "good",
    "dear",
    "hallo",
    "moin",
    "servus",
    "guten",
    "tag",
    "morgen",
    "abend",
    "bonjour",
    "bonsoir",
    "salut",
    "coucou",
    "hola",
    "buenas",
    "buenos",
    "dias",
    "tardes",
    "ciao",
    "salve",
    "buongiorno",
    "buonasera",
    "ola",
    "oi",
    "bom",
    "dia",
    "boa",
    "tarde",
    "hoi",
    "goedemorgen",
    "goedemiddag",
    "goedenavond",
    "thanks",
    "thank",
    "thx",
    "ty",
    "cheers",
    "danke",
    "dank",
    "vielen",
    "merci",
    "gracias",
    "grazie",
    "obrigado",
    "obrigada",
    "valeu",
    "bedankt",
    "please",
    "pls",
    "plz",
    "bitte",
    "svp",
    "favor",
    "prego",
    "alstublieft",
    "aub",
    "ok",
    "okay",
    "yes",
    "yeah",
    "ja",
    "oui",
    "si",
    "sim",
    "nee",
    "nein",
    "non",
    // Asking, in general.
    "question",
    "questions",
    "frage",
    "fragen",
    "pregunta",
    "preguntas",
    "domanda",
    "domande",
    "duvida",
    "pergunta",
    "vraag",
    "vragen",
    "help",
    "helping",
    "hilfe",
    "helfen",
    "aide",
    "aider",
    "ayuda",
    "ayudar",
    "aiuto",
    "aiutare",
    "ajuda",
    "ajudar",
    "hulp",
    "helpen",
    "tell",
    "explain",
    "know",
    "wissen",
    "savoir",
    "saber",
    "sapere",
    "weten",
    // Modal and light verbs.
    "can",
    "could",
    "would",
    "may",
    "might",
    "must",
    "need",
    "want",
    "like",
    "get",
    "got",
    "make",
    "let",
    "try",
    "able",
    "also",
    "just",
    "still",
    "really",
    "possible",
    "ask",
    "find",
    "give",
    "see",
    "show",
    "use",
    "say",
    "mean",
    "many",
    "much",
    "way",
    "kann",
    "konnen",
    "konnte",
    "mochte",
    "brauche",
    "bekomme",
    "bekommen",
    "gibt",
    "geht",
    "machen",
    "mal",
    "gerne",
    "moglich",
    "finde",
    "finden",
    "eigentlich",
    "puis",
    "peux",
    "peut",
    "veux",
    "voudrais",
    "faut",
    "faire",
    "obtenir",
    "trouver",
    "besoin",
    "puedo",
    "puede",
    "quiero",
    "quisiera",
    "necesito",
    "hacer",
    "tengo",
    "obtener",
    "encontrar",
    "posso",
    "puo",
    "voglio",
    "vorrei",
    "fare",
    "trovare",
    "ottenere",
    "bisogno",
    "pode",
    "quero",
    "queria",
    "preciso",
    "fazer",
    "encontrar",
    "conseguir",
    "wil",
    "wilt",
    "moet",
    "krijg",
    "krijgen",
    "vinden",
    "graag",
    "mogelijk",
    // Question words (not in every stop-word list).
    "how",
    "what",
    "when",
    "where",
    "why",
    "which",
    "who",
    "wie",
    "was",
    "wann",
    "wo",
    "warum",
    "wieso",
    "weshalb",
    "wieviel",
    "welche",
    "welcher",
    "comment",
    "combien",
    "pourquoi",
    "quand",
    "quel",
    "quelle",
    "existe",
    "como",
    "cuanto",
    "cuanta",
    "cuando",
    "donde",
    "por",
    "que",
    "come",
    "quanto",
    "quando",
    "dove",
    "perche",
    "onde",
    "porque",
    "hoe",
    "wanneer",
    "waar",
    "waarom",
    "hoeveel",
    "welke",
];

/// Common words that tell a language beside its stop words (they vote in
/// language detection).
const HINTS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "hi", "hello", "hey", "thanks", "please", "want", "get", "need", "how",
        ],
    ),
    (
        "de",
        &[
            "hallo", "moin", "servus", "danke", "bitte", "guten", "mochte", "kann", "wie", "wo",
        ],
    ),
    (
        "fr",
        &[
            "bonjour", "bonsoir", "salut", "merci", "comment", "puis", "veux", "ou",
        ],
    ),
    (
        "es",
        &[
            "hola", "buenas", "gracias", "como", "quiero", "puedo", "donde",
        ],
    ),
    (
        "it",
        &[
            "ciao",
            "buongiorno",
            "grazie",
            "salve",
            "come",
            "posso",
            "vorrei",
            "dove",
        ],
    ),
    (
        "pt",
        &[
            "ola", "obrigado", "obrigada", "valeu", "como", "quero", "posso", "onde",
        ],
    ),
    (
        "nl",
        &[
            "hoi",
            "goedemorgen",
            "goedemiddag",
            "bedankt",
            "alstublieft",
            "hoe",
            "wil",
            "graag",
            "waar",
        ],
    ),
];

/// Follow-ups about the answer, not about a subject.
const COMPLAINTS: &[&str] = &[
    "not what asked",
    "not what meant",
    "not what wanted",
    "not my question",
    "asked something else",
    "asked about something else",
    "something else",
    "doesn answer",
    "didn answer",
    "does not answer",
    "did not answer",
    "not answering",
    "answer my question",
    "doesn help",
    "didn help",
    "does not help",
    "did not help",
    "not helpful",
    "unhelpful",
    "useless",
    "pointless",
    "wrong answer",
    "that wrong",
    "that is wrong",
    "don understand",
    "didn understand",
    "do not understand",
    "makes no sense",
    "read my question",
    "already told you",
    "already said",
    "waste of time",
    "irrelevant",
    "not relevant",
    "stupid",
    "nope",
    "nicht was ich",
    "nicht das was",
    "hilft nicht",
    "hilft mir nicht",
    "hat nicht geholfen",
    "nicht hilfreich",
    "nutzlos",
    "sinnlos",
    "unbrauchbar",
    "bringt nichts",
    "falsche antwort",
    "keine antwort",
    "das ist falsch",
    "verstehst mich nicht",
    "verstehst du nicht",
    "andere frage",
    "pas ce que",
    "pas ma question",
    "ne repond pas",
    "repond pas",
    "aide pas",
    "pas utile",
    "inutile",
    "mauvaise reponse",
    "est faux",
    "comprends pas",
    "comprenez pas",
    "importe quoi",
    "aucun rapport",
    "no es lo que",
    "no fue lo que",
    "no responde",
    "no me ayuda",
    "no ayuda",
    "no sirve",
    "inutil",
    "respuesta incorrecta",
    "no entiendes",
    "no me entiendes",
    "eso no es",
    "nada que ver",
    "non quello che",
    "non ho chiesto",
    "non risponde",
    "non mi aiuta",
    "non aiuta",
    "risposta sbagliata",
    "non capisci",
    "sbagliato",
    "non entra",
    "nao foi isso",
    "nao isso",
    "nao que",
    "nao responde",
    "nao ajuda",
    "nao me ajuda",
    "resposta errada",
    "nao entende",
    "nao entendeu",
    "errado",
    "niet wat ik",
    "helpt niet",
    "hielp niet",
    "nutteloos",
    "geen antwoord",
    "begrijp je niet",
    "snap je niet",
    "klopt niet",
    "niet nuttig",
    "waardeloos",
];

/// Asking for a person.
const ESCALATION: &[&str] = &[
    "human",
    "humans",
    "real person",
    "a person",
    "live agent",
    "an agent",
    "to agent",
    "with agent",
    "real agent",
    "human agent",
    "support agent",
    "representative",
    "operator",
    "someone from",
    "talk to someone",
    "speak to someone",
    "speak with someone",
    "talk with someone",
    "customer service",
    "customer support",
    "support team",
    "call me",
    "hotline",
    "live person",
    "real human",
    "mitarbeiter*",
    "mensch*",
    "echte person",
    "echten person",
    "kundendienst",
    "kundenservice",
    "berater*",
    "jemanden sprechen",
    "mit jemandem",
    "anrufen",
    "humain*",
    "conseiller*",
    "une personne",
    "vraie personne",
    "service client",
    "quelqu un",
    "operateur*",
    "appeler",
    "humano*",
    "persona real",
    "una persona",
    "agente*",
    "asesor*",
    "atencion al cliente",
    "servicio al cliente",
    "hablar con alguien",
    "operador*",
    "representante*",
    "llamar",
    "operatore*",
    "persona reale",
    "umano*",
    "assistenza clienti",
    "servizio clienti",
    "parlare con qualcuno",
    "chiamare",
    "atendente*",
    "pessoa real",
    "uma pessoa",
    "falar com alguem",
    "atendimento humano",
    "medewerker*",
    "echte persoon",
    "klantenservice",
    "iemand spreken",
    "bellen",
    "met een mens",
    "人間",
    "担当者",
    "オペレーター",
    "人工",
    "真人",
    "客服",
];

/// Words about reaching someone: in a request for a person they are part
/// of the request ("a phone number for customer service"), not a subject.
const CONTACT: &[&str] = &[
    "phone",
    "telephone",
    "number",
    "call",
    "calling",
    "contact",
    "reach",
    "talk",
    "speak",
    "chat",
    "someone",
    "somebody",
    "anyone",
    "person",
    "people",
    "email",
    "whatsapp",
    "telefon*",
    "nummer",
    "anruf*",
    "kontakt*",
    "sprechen",
    "reden",
    "erreichen",
    "numero",
    "appel*",
    "parler",
    "contacter",
    "joindre",
    "llamar",
    "hablar",
    "contactar",
    "chiamare",
    "parlare",
    "contattare",
    "telefone",
    "ligar",
    "falar",
    "contato",
    "contatar",
    "bellen",
    "spreken",
    "praten",
];

/// Words and phrases (all of a phrase's words, anywhere in a message)
/// that name one subject, by its name. Only true synonyms and
/// translations: words that often come together without meaning the same
/// thing group by the data, not here.
const CONCEPTS: &[(&str, &[&str])] = &[
    (
        "refund",
        &[
            "refund*",
            "reimburs*",
            "money back",
            "chargeback",
            "ruckerstatt*",
            "erstatt*",
            "geld zuruck",
            "rembours*",
            "reembols*",
            "devuelvan dinero",
            "devolucion dinero",
            "rimbors*",
            "dinheiro volta",
            "terugbetal*",
            "geld terug",
            "terugstort*",
        ],
    ),
    (
        "cancel",
        &[
            "cancel*",
            "unsubscrib*",
            "kundig*",
            "resili*",
            "annuler",
            "annulation",
            "cancelar",
            "cancelo",
            "cancelacion",
            "dar baja",
            "disdire",
            "disdetta",
            "cancelamento",
            "opzeg*",
        ],
    ),
    (
        "password",
        &[
            "password*",
            "passwort*",
            "kennwort*",
            "mot passe",
            "mdp",
            "contrasena*",
            "senha*",
            "wachtwoord*",
        ],
    ),
    (
        "invoice",
        &[
            "invoice*",
            "receipt*",
            "rechnung*",
            "quittung*",
            "facture*",
            "factura*",
            "fattur*",
            "nota fiscal",
            "factuur*",
            "facturen",
        ],
    ),
    (
        "login",
        &[
            "login",
            "log in",
            "logging in",
            "sign in",
            "signin",
            "anmeld*",
            "einlogg*",
            "connexion",
            "connecter",
            "iniciar sesion",
            "accedere",
            "accesso",
            "inloggen",
        ],
    ),
    (
        "delete",
        &[
            "delete*",
            "deletion",
            "losch*",
            "supprim*",
            "eliminar",
            "elimino",
            "borrar",
            "borro",
            "eliminare",
            "excluir",
            "excluo",
            "apagar",
            "verwijder*",
        ],
    ),
    (
        "email",
        &[
            "email*",
            "mail",
            "mailadres*",
            "courriel",
            "correo",
            "correos",
        ],
    ),
    (
        "discount",
        &[
            "discount*",
            "coupon*",
            "promo code",
            "voucher*",
            "rabatt*",
            "gutschein*",
            "reduction*",
            "remise",
            "descuento*",
            "cupon*",
            "sconto",
            "sconti",
            "desconto*",
            "cupom",
            "korting*",
        ],
    ),
    (
        "shipping",
        &[
            "shipping",
            "shipped",
            "ship",
            "delivery",
            "deliver*",
            "package",
            "parcel",
            "arrive*",
            "tracking",
            "versand*",
            "versendet",
            "verschickt",
            "lieferung*",
            "paket",
            "ankommen",
            "livraison",
            "expedie*",
            "colis",
            "arriver",
            "envio",
            "enviado",
            "paquete",
            "llegar",
            "llega",
            "spedizione",
            "spedito",
            "consegna",
            "pacco",
            "arriva",
            "arrivare",
            "entrega",
            "pacote",
            "chegar",
            "chega",
            "verzend*",
            "verzonden",
            "levering",
            "aankomen",
        ],
    ),
    (
        "payment",
        &[
            "payment*",
            "paid",
            "pay",
            "zahlung*",
            "bezahl*",
            "paiement",
            "payer",
            "pago",
            "pagar",
            "pagamento",
            "pagare",
            "betaling",
            "betalen",
        ],
    ),
    (
        "subscription",
        &[
            "subscription*",
            "abo",
            "abos",
            "abonnement*",
            "suscripcion*",
            "abbonamento",
            "assinatura*",
        ],
    ),
    (
        "order",
        &[
            "order",
            "orders",
            "bestellung*",
            "commande*",
            "pedido*",
            "ordine",
            "ordini",
            "encomenda*",
            "bestelling*",
        ],
    ),
    (
        "export",
        &[
            "export*",
            "exportier*",
            "exporter",
            "exportar",
            "esporta*",
            "exporteer*",
        ],
    ),
    (
        "invite",
        &[
            "invite*",
            "einlad*",
            "inviter",
            "invitar",
            "invito",
            "invitare",
            "convid*",
            "uitnodig*",
            "nodig uit",
        ],
    ),
    (
        "cost",
        &[
            "price*", "pricing", "cost*", "preis*", "kostet", "kosten", "prix", "cout*", "coute",
            "precio*", "cuesta", "prezzo", "costa", "preco*", "custa", "prijs*", "kost",
        ],
    ),
    (
        "two-factor",
        &[
            "2fa",
            "two factor",
            "two-factor",
            "mfa",
            "otp",
            "authenticator",
            "zwei faktor*",
            "double authentification",
            "dos pasos",
            "due fattori",
            "dois fatores",
            "tweestaps*",
        ],
    ),
    (
        "privacy",
        &[
            "privacy",
            "gdpr",
            "rgpd",
            "dsgvo",
            "lgpd",
            "datenschutz",
            "confidentialite",
            "privacidad",
            "privacidade",
            "hipaa",
        ],
    ),
    (
        "data",
        &[
            "data", "daten", "donnees", "datos", "dati", "dados", "gegevens",
        ],
    ),
    (
        "eu",
        &[
            "eu",
            "ue",
            "europe",
            "european",
            "europa",
            "europaischen",
            "europeenne",
        ],
    ),
    (
        "team",
        &[
            "team",
            "teams",
            "colleague*",
            "coworker*",
            "teammate*",
            "kolleg*",
            "equipe",
            "collegue*",
            "equipo",
            "compañero*",
            "companero*",
            "squadra",
            "collega",
            "colleghi",
            "equipa",
            "colega*",
            "collega's",
        ],
    ),
    (
        "users",
        &[
            "user",
            "users",
            "member",
            "members",
            "seat",
            "seats",
            "nutzer",
            "benutzer",
            "mitglied*",
            "utilisateur*",
            "membre*",
            "usuario*",
            "miembro*",
            "utent*",
            "membri",
            "membro*",
            "gebruiker*",
            "leden",
        ],
    ),
];

/// The concepts' names.
#[cfg(test)]
pub(crate) fn concept_names() -> Vec<&'static str> {
    CONCEPTS.iter().map(|(name, _)| *name).collect()
}

/// A phrase: its tokens, each whole or a prefix.
type Phrase = Vec<(String, bool)>;

/// `text` as a phrase (`*` after a word makes it a prefix).
fn phrase(text: &str) -> Phrase {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let prefix = word.ends_with('*');
        let word = word.trim_end_matches('*');
        let mut parts: Vec<(String, bool)> = tokens(word).into_iter().map(|t| (t, false)).collect();
        if parts.is_empty() && word.chars().count() == 1 {
            continue;
        }
        if let Some(last) = parts.last_mut() {
            last.1 = prefix;
        } else {
            parts.push((fold(word), prefix));
        }
        out.extend(parts);
    }
    out
}

fn matches(token: &str, (word, prefix): &(String, bool)) -> bool {
    if *prefix {
        token.starts_with(word.as_str())
    } else {
        token == word
    }
}

/// The folded filler words.
pub(crate) fn filler() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| FILLER.iter().map(|w| fold(w)).collect())
}

/// The common words of `language` beside its stop words (folded).
pub(crate) fn hint_words(language: &str) -> impl Iterator<Item = String> {
    HINTS
        .iter()
        .filter(move |(l, _)| *l == language)
        .flat_map(|(_, words)| words.iter().map(|w| fold(w)))
}

/// A list of phrases, indexed by their first word: a message's runs are
/// found in one lookup per token, whatever the list's length.
struct Phrases {
    all: Vec<Phrase>,
    /// The phrases whose first word is whole, by that word.
    by_first: HashMap<String, Vec<usize>>,
    /// The phrases whose first word is a prefix.
    prefixed: Vec<usize>,
}

fn phrases(list: &'static [&'static str], cell: &'static OnceLock<Phrases>) -> &'static Phrases {
    cell.get_or_init(|| {
        let all: Vec<Phrase> = list
            .iter()
            .map(|p| phrase(p))
            .filter(|p| !p.is_empty())
            .collect();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut prefixed = Vec::new();
        for (i, p) in all.iter().enumerate() {
            let (word, prefix) = &p[0];
            if *prefix {
                prefixed.push(i);
            } else {
                by_first.entry(word.clone()).or_default().push(i);
            }
        }
        Phrases {
            all,
            by_first,
            prefixed,
        }
    })
}

/// The positions of `tokens` covered by runs that match one of `phrases`.
fn runs(tokens: &[String], phrases: &Phrases) -> Vec<usize> {
    let mut covered = Vec::new();
    for (start, first) in tokens.iter().enumerate() {
        let whole = phrases.by_first.get(first).map_or(&[][..], Vec::as_slice);
        let prefixed = phrases
            .prefixed
            .iter()
            .filter(|&&i| first.starts_with(phrases.all[i][0].0.as_str()));
        for &i in whole.iter().chain(prefixed) {
            let p = &phrases.all[i];
            let fits = tokens.len() - start >= p.len()
                && p.iter()
                    .enumerate()
                    .skip(1)
                    .all(|(k, w)| matches(&tokens[start + k], w));
            if fits {
                covered.extend(start..start + p.len());
            }
        }
    }
    covered.sort_unstable();
    covered.dedup();
    covered
}

/// The tokens of a complaint about the answer, if `tokens` has one.
pub(crate) fn complaint(tokens: &[String]) -> Vec<usize> {
    static CELL: OnceLock<Phrases> = OnceLock::new();
    runs(tokens, phrases(COMPLAINTS, &CELL))
}

/// The tokens of a request for a person, if `tokens` has one.
pub(crate) fn escalation(tokens: &[String]) -> Vec<usize> {
    static CELL: OnceLock<Phrases> = OnceLock::new();
    runs(tokens, phrases(ESCALATION, &CELL))
}

/// The positions of `tokens` that are about reaching someone.
pub(crate) fn contact(tokens: &[String]) -> Vec<usize> {
    static CELL: OnceLock<Phrases> = OnceLock::new();
    runs(tokens, phrases(CONTACT, &CELL))
}

/// The concepts `words` name, and the positions of the words that named
/// them.
pub(crate) fn concepts(words: &[String]) -> (Vec<&'static str>, Vec<usize>) {
    static CELL: OnceLock<Vec<(&'static str, Vec<Phrase>)>> = OnceLock::new();
    let all = CELL.get_or_init(|| {
        CONCEPTS
            .iter()
            .map(|(name, list)| (*name, list.iter().map(|p| phrase(p)).collect()))
            .collect()
    });
    let mut found = Vec::new();
    let mut used = Vec::new();
    for (name, list) in all {
        for p in list {
            let positions: Vec<Option<usize>> = p
                .iter()
                .map(|w| words.iter().position(|t| matches(t, w)))
                .collect();
            if !p.is_empty() && positions.iter().all(Option::is_some) {
                if !found.contains(name) {
                    found.push(*name);
                }
                used.extend(positions.into_iter().flatten());
            }
        }
    }
    used.sort_unstable();
    used.dedup();
    (found, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Vec<String> {
        tokens(text)
    }

    #[test]
    fn complaints_and_requests_for_a_person_are_found_in_seven_languages() {
        for text in [
            "that's not what I asked",
            "That doesn't answer my question",
            "Das hilft mir nicht",
            "Ce n'est pas ce que j'ai demandé",
            "Eso no es lo que pregunté",
            "Non è quello che ho chiesto",
            "Não foi isso que eu perguntei",
            "Dat is niet wat ik vroeg",
        ] {
            assert!(!complaint(&t(text)).is_empty(), "{text}");
        }
        for text in [
            "can I talk to a human?",
            "Kann ich mit einem Mitarbeiter sprechen?",
            "Puis-je parler à un humain ?",
            "Quiero hablar con una persona",
            "Vorrei parlare con un operatore",
            "Quero falar com um atendente",
            "Ik wil een medewerker spreken",
        ] {
            assert!(!escalation(&t(text)).is_empty(), "{text}");
        }
        assert!(complaint(&t("How do I reset my password?")).is_empty());
        assert!(escalation(&t("How do I reset my password?")).is_empty());
    }

    #[test]
    fn concepts_join_synonyms_and_translations() {
        for text in [
            "I want a refund",
            "can I get my money back",
            "Rückerstattung bitte",
            "je veux être remboursé",
            "quiero un reembolso",
            "ik wil mijn geld terug",
        ] {
            let words = t(text);
            assert!(concepts(&words).0.contains(&"refund"), "{text}: {words:?}");
        }
        let (found, used) = concepts(&t("money back for my plan"));
        assert_eq!(found, vec!["refund"]);
        assert_eq!(used, vec![0, 1]);
    }
}
