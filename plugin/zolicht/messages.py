"""Every sentence zolicht says to people, in plain Dutch (B1), in one place for translation.

Placeholders use ``str.format`` names. Code refers to these constants, never to literal
Dutch text, so a translator only touches this module.
"""

# -- validation: each names the rule that was broken --------------------------------------
KEY_FORMAT = (
    "gebruik alleen kleine letters, cijfers en streepjes, begin en eind met een letter of "
    "cijfer, hoogstens 64 tekens (gekregen: {value})"
)
TEXT_EMPTY = "mag niet leeg zijn"
TEXT_TOO_LONG = "is te lang: hoogstens {limit} tekens (gekregen: {length})"
FILE_NAME_RULE = (
    "moet een gewone bestandsnaam zijn: geen / of \\, niet . of .., geen spatie aan begin "
    "of eind (gekregen: {value})"
)
EMAIL_RULE = "is geen e-mailadres (gekregen: {value})"
PHONE_RULE = "is geen telefoonnummer: gebruik cijfers, spaties, +, - en haakjes (gekregen: {value})"
NEXTCLOUD_USER_RULE = (
    "is geen geldige Nextcloud-gebruikersnaam: letters, cijfers, spatie en _ . @ - ', "
    "hoogstens 64 tekens (gekregen: {value})"
)
SECONDS_RULE = "moet een aantal seconden zijn, van 0 tot 3600 (gekregen: {value})"
DATE_RULE = "is geen datum in de vorm JJJJ-MM-DD (gekregen: {value})"
DATE_IN_FUTURE = "ligt in de toekomst ({value}); dat kan niet"
DATE_TOO_OLD = "ligt te ver terug ({value})"
DATE_IN_PAST = "ligt in het verleden ({value}); kies vandaag of later"
CHOICE_RULE = "moet een van deze zijn: {choices} (gekregen: {value})"
BOOL_RULE = "moet ja (true) of nee (false) zijn (gekregen: {value})"
AUTHORITY_PROFESSIONAL = (
    "een hulpverlener kan geen gezag hebben in zolicht; leg een voogd vast als persoon in "
    "het gezin"
)
AUTHORITY_MINOR = "iemand onder de 18 kan geen gezag hebben"
NOT_CAPABLE_NEEDS_BIRTH_DATE = (
    "'niet wilsbekwaam' kan alleen bij een jongere met een geboortedatum"
)
SUBJECT_NOT_FAMILY = "een stuk gaat over iemand uit het gezin, niet over {name} ({circle})"
FILE_MISSING = "bestand niet gevonden: {value}"
FILE_EMPTY = "het bestand is leeg"
CONTENT_BASE64 = "is geen geldige base64-inhoud"
CONTENT_HASH_MISMATCH = "de inhoud past niet bij de vastgelegde sha256"
YAML_MALFORMED = "is geen geldige YAML: {problem}"
YAML_NOT_MAPPING = "moet een lijst van velden zijn (sleutel: waarde)"
YAML_NOT_LIST = "moet een lijst zijn"
YAML_UNKNOWN_FIELD = "onbekend veld (bekende velden: {known})"
YAML_MISSING_FIELD = "ontbreekt"

# -- hostile input --
TEXT_HIDDEN = "bevat {kind} op plek {position}; haal dat teken weg"
HIDDEN_KINDS = {
    "control": "een stuurteken (zoals een nieuwe regel, een tab of NUL)",
    "direction": "een onzichtbaar teken dat de leesrichting omdraait",
    "invisible": "een onzichtbaar teken zonder breedte",
    "unusable": "een teken dat niet bestaat of niet te tonen is",
}
NAME_MIXED_ALPHABETS = (
    "mengt alfabetten: de letter op plek {position} is {odd}, de andere zijn {main}; "
    "schrijf de naam helemaal in één alfabet"
)
ALPHABET_NAMES = {"LATIN": "Latijns", "GREEK": "Grieks", "CYRILLIC": "Cyrillisch"}
NAME_LOOKS_LIKE = (
    "lijkt bijna precies op de naam van {key} in dit gezin, maar is niet hetzelfde; "
    "kies een naam die duidelijk anders is"
)
DIAGNOSIS_NEXT_TO_NAME = (
    "noemt een diagnose naast een naam uit het gezin, en het netwerk ziet dit; "
    "laat de naam of de diagnose weg, bijvoorbeeld 'Uitleg over ADHD'"
)
DATE_DOES_NOT_EXIST = "die dag bestaat niet in de kalender (gekregen: {value})"
WRONG_TYPE = "moet {expected} zijn, maar is {found}"
QUOTE_HINT = "; zet de waarde tussen aanhalingstekens als het tekst is"
EXPECTED = {"text": "tekst", "number": "een heel getal", "list": "een lijst",
            "fields": "een groep velden (naam: waarde)"}
FOUND = {"str": "tekst", "int": "een getal", "float": "een getal",
         "bool": "ja of nee (true of false)", "list": "een lijst",
         "dict": "een groep velden", "NoneType": "leeg"}
FORMAT_VERSION_RULE = "moet {version} zijn: dit bestand is voor een andere versie van zolicht"
YAML_AT_LINE = "regel {line}: {rule}"
YAML_TOO_BIG = (
    "is te groot: hoogstens {limit} MB; zet grote stukken als los bestand naast het "
    "YAML-bestand (file: naam) in plaats van de inhoud erin"
)
YAML_NOT_UTF8 = "is geen UTF-8-tekst (fout bij byte {position}); sla het op als UTF-8"
YAML_ANCHOR = (
    "gebruikt een anker (&) of verwijzing (*); schrijf elke waarde gewoon uit"
)
YAML_TAG = "gebruikt een YAML-label zoals !!timestamp; laat het label weg"
YAML_TOO_DEEP = "is te diep genest: hoogstens {limit} lagen"
YAML_KEY_NOT_TEXT = "een veldnaam moet gewone tekst zijn"
YAML_DUPLICATE_KEY = "het veld {name} staat twee keer in dezelfde groep"
YAML_MORE_DOCUMENTS = "bevat meer dan één YAML-document (---); zet één gezin in een bestand"
TOO_MANY = "te veel: hoogstens {limit} (gekregen: {count})"

# -- lookups and conflicts -------------------------------------------------------------------
UNKNOWN_FAMILY = "er is geen gezin met slug {value}"
UNKNOWN_PERSON = "er is geen persoon {value} in gezin {family}"
UNKNOWN_DOCUMENT = "er is geen stuk {value} in gezin {family}"
FAMILY_EXISTS = "er is al een gezin met slug {value}"
PERSON_EXISTS = "er is al een persoon {value} in dit gezin"
DOCUMENT_EXISTS = "er is al een stuk {value} in dit gezin"
FILE_NAME_EXISTS = "er is al een stuk met bestandsnaam {value} in dit gezin"
SHEET_UNKNOWN = "er is geen kant-en-klaar blad {value}; kies uit: {choices}"
SHEET_NONE = "(geen bladen gevonden)"
SHEET_FOR_PROFESSIONAL = (
    "{value} is voor de hulpverlener zelf en hoort niet bij de stukken van een gezin; "
    "lees het in {path}"
)
SHEET_ALREADY_ADDED = (
    "het blad {value} is al toegevoegd aan gezin {family}; verwijder het eerst als je het "
    "opnieuw wilt toevoegen (zolicht document remove)"
)
PERSON_IS_SUBJECT = (
    "{name} is het onderwerp van {count} stuk(ken); haal die eerst weg "
    "(zolicht document remove)"
)
GRANT_EXISTS = "{member} staat al bij {document}; noem elk verzoek maar één keer"
NO_SUCH_GRANT = "{member} heeft nog geen verzoek voor {document}; begin met zolicht grant"
UNKNOWN_HEAD = "de verwachte kop van het logboek is geen sha256 (gekregen: {value})"

# -- consent -----------------------------------------------------------------------------------
CONSENT_PROFESSIONAL = "een hulpverlener geeft nooit toestemming namens het gezin"
CONSENT_NO_AUTHORITY = "alleen een ouder met gezag telt mee voor toestemming"
CONSENT_NOT_ASKED = (
    "{name} beslist niet over stukken over {subject}; dat doen: {consenters}"
)
CONSENT_NOBODY = (
    "voor stukken over {subject} kan nu niemand toestemming geven (geen ouder met gezag "
    "vastgelegd)"
)
REVOKE_NOT_ALLOWED = (
    "{name} kan dit delen niet stoppen: alleen wie toestemming geeft of een hulpverlener"
)
MEMBER_IS_PROFESSIONAL = "{name} is hulpverlener en kan dit al zien"
MEMBER_HAS_A_SAY = "{name} kan dit al zien, want {name} beslist mee"
MEMBER_NEVER_INVOLVED = "{name} staat op de lijst 'nooit betrekken' en krijgt niets te zien"

# -- the method's record: never involve, maps, evaluations, tasks -----------------------------
NEVER_INVOLVED = "mag niet betrokken worden"
PERSON_NEVER_INVOLVED = "{name} staat op de lijst 'nooit betrekken'"
NEVER_ALREADY = "{name} staat al op de lijst 'nooit betrekken'"
NEVER_NOT_LISTED = "{name} staat niet op de lijst 'nooit betrekken'"
NEVER_PROFESSIONAL = "{name} is hulpverlener; een hulpverlener kan niet op deze lijst"
NEVER_AUTHORITY = (
    "{name} heeft gezag en beslist daarom mee; dat kan het gezin niet uitzetten. Vraag "
    "juridisch advies als {name} echt buiten beeld moet blijven"
)
NEVER_SUBJECT = "over {name} gaan stukken in het dossier; {name} beslist daarover zelf mee"
EVALUATION_EXISTS = "er is al een evaluatie {value}"
UNKNOWN_TASK = "er is geen taak {value}"
HAND_OVER_NEEDS_TO = "zeg aan wie de taak overgaat (--to)"
NEVER_ADDED = (
    "{name} staat nu op de lijst 'nooit betrekken': geen stukken, geen agenda, geen "
    "formulieren."
)
NEVER_REMOVED = (
    "{name} staat niet meer op de lijst 'nooit betrekken'. Wat {name} eerder kon zien, komt "
    "niet vanzelf terug."
)
MAP_RECORDED = (
    "Netwerkkaart van {on} vastgelegd: {count} mensen ({joined} erbij, {left} niet meer)."
)
EVALUATION_RECORDED = "Evaluatie {key} van {on} vastgelegd, met de inzet van {people}."
PEOPLE_COUNT = ("{count} persoon", "{count} mensen")
NETWORK_PART_RULE = "schrijf PERSOON=wat deze persoon deed"
TASK_SET = "Taak {key} vastgelegd."
TASK_REMOVED = "Taak {key} verwijderd."
HELPERS_SET = "Fase {phase}: {count} helper(s) vastgelegd."
BACKUP_SET = "Achterwacht vastgelegd."
JIM_SET = "Wat de JIM mag weten en doen is vastgelegd."
REFERRAL_ADDED = "Vastgelegd waar het gezin na de zorg met deze vraag heen kan."
BACKUP_NEEDS_PHONE = "{name} heeft geen telefoonnummer; de achterwacht moet bereikbaar zijn"
INDEPENDENCE_RULE = "geef een cijfer van 1 tot en met 10, niet {value}"
UNKNOWN_NEED = "er is geen behoefte {value}"
UNKNOWN_STRENGTH = "er is geen kracht {value}"
UNKNOWN_MAPPING_METHOD = (
    "{value} kennen we niet als manier om het netwerk in kaart te brengen; kies uit: "
    "{choices}"
)
TASK_PART_RULE = "schrijf TAAK=hoe het ging"
NEED_SET = "Behoefte {key} vastgelegd."
NEED_REMOVED = "Behoefte {key} verwijderd."
STRENGTH_SET = "Kracht {key} vastgelegd."
STRENGTH_REMOVED = "Kracht {key} verwijderd."
PACE_SET = "Het tempo van het gezin is vastgelegd."
PACE_CLEARED = "Het tempo van het gezin is weggehaald."
METHODS_SET = "Zo brengen jullie het netwerk in kaart: {methods}."
CHAT_SET = "De appgroep van het gezin is vastgelegd."
CHAT_CLEARED = "De appgroep van het gezin is weggehaald."
MAPS_NONE = "Er is nog geen netwerkkaart gemaakt."
MAPS_LINE = "{on} · {source} · {count} mensen{change}"
MAPS_CHANGE = " · erbij: {joined} · niet meer: {left}"
MAPS_NOBODY = "niemand"
MAP_MAYBE_OLD = (
    "Let op: het netwerk is veranderd. Klopt de netwerkkaart nog? Pas hem aan met "
    "'zolicht method map {slug} PERSOON', of stuur stap 3 opnieuw naar het gezin."
)
PACE_AGREED = "Afgesproken tempo: {pace}"

# -- joining names, and the verb that goes with one or more people ---------------------------
AND = "en"
"""Joins the last two names: "Petra, Mark en Sanne"."""
SAYS = ("zegt", "zeggen")
"""'ja zeggen' for one person, and for two or more."""
WANTS = ("wil", "willen")
"""'(niet) willen' for one person, and for two or more."""

# -- what people see in the matrix and on pages ------------------------------------------------
CAN_SEE = "kan dit zien"
CAN_EDIT = "kan dit zien en bewerken"
NOT_SHARED = "niet gedeeld"
WAITING_FOR = "wacht op: {names}"
REFUSED = "{names} {wants} dit niet delen"
EXPIRED = "toestemming verlopen"
NOBODY_CAN_CONSENT = "niemand kan toestemming geven"
RULE_EXPLAINED = {
    "under_12": "Bij {subject} ({age}): de ouders met gezag beslissen.",
    "youth_12_15": "Bij {subject} ({age}): {subject} zelf én de ouders met gezag.",
    "youth_16_17": "{subject} ({age}) beslist dit zelf.",
    "not_capable": "Bij {subject}: de ouders met gezag beslissen.",
    "adult": "{subject} beslist dit zelf.",
    "age_unknown": "Bij {subject}: {subject} zelf én de ouders met gezag.",
}

# -- CLI replies -------------------------------------------------------------------------------
ERROR_LINE = "fout: {field}: {message}"
FAMILY_CREATED = "Gezin {slug} ({name}) aangemaakt."
FAMILY_IMPORTED = (
    "{name} ({slug}) ingelezen: {people} personen, {documents} stukken, {grants} verzoeken."
)
FAMILY_STATUS_SET = "{name} heeft nu status {status}."
NO_FAMILIES = "Er zijn nog geen gezinnen."
PERSON_ADDED = "{name} toegevoegd aan {family}."
PERSON_CHANGED = "{name} aangepast."
PERSON_REMOVED = "{name} verwijderd uit {family}."
DOCUMENT_ADDED = "Stuk {key} toegevoegd. Niemand uit het netwerk kan dit zien."
DOCUMENT_REMOVED = "Stuk {key} verwijderd."
SHEET_ADDED = (
    "Blad {key} ({title}) toegevoegd, over {about}. Niemand uit het netwerk kan dit zien."
)
SHEETS_HEADER = ("Blad", "Titel", "Voor wie")
NO_SHEETS = "Er zijn geen kant-en-klare bladen gevonden."
GRANT_EFFECTIVE = "{member} kan {document} nu zien."
GRANT_WAITING = (
    "Toestemming van {by} vastgelegd. Voordat {member} {document} kan zien, is nog een ja "
    "nodig van: {missing}."
)
GRANT_NO_ACCOUNT = (
    "Vastgelegd: {member} mag {document} zien. Maar {member} heeft nog geen account: leg "
    "eerst een e-mailadres of Nextcloud-account vast (zolicht person change)."
)
GRANT_PENDING = (
    "Vastgelegd: {member} mag {document} zien. Wordt gedeeld… {reason}"
)
REVOKED = "Gestopt met delen: {member} kan {document} niet meer zien."
REVOKE_PENDING = (
    "Vastgelegd: {member} mag {document} niet meer zien. Nog niet gelukt in Nextcloud. "
    "{reason}"
)
PENDING_RATE_LIMITED = (
    "Nextcloud laat even geen nieuwe delingen toe. zolicht probeert het om {time} opnieuw."
)
PENDING_UNREACHABLE = "Nextcloud is even niet bereikbaar. zolicht probeert het om {time} opnieuw."
PENDING_FAILED = "Nextcloud weigerde: {error}. Kijk met zolicht plan wat er mis is."
AUDIT_OK = "Logboek in orde: {count} gebeurtenissen, kop {head}."
AUDIT_BROKEN = "Logboek is aangepast: {count} probleem/problemen gevonden."
NEXTCLOUD_URL_RULE = "moet een adres zijn dat begint met http:// of https:// (gekregen: {value})"

# -- provisioning ----------------------------------------------------------------------------
PLAN_NEEDS_ADDRESS = ("{key}: heeft een e-mailadres of een Nextcloud-account nodig voordat er "
                      "iets met deze persoon gedeeld kan worden")
PLAN_DIAGNOSIS_IN_FILE_NAME = ("{key}: de bestandsnaam {file_name!r} zet een diagnose naast een "
                               "naam; geef het bestand een andere naam, dan pas wordt het "
                               "geüpload")
PLAN_INVITATIONS_NEED_ADDRESS = ("calendar: uitnodigingen kunnen niet worden verstuurd: geef "
                                 "het serviceaccount een e-mailadres")
"""Problems the planner finds in a family's record; the part before the first colon is the
person, document or subject they are about."""
NEXTCLOUD_MISSING = (
    "geen Nextcloud ingesteld; zet ZOLICHT_NEXTCLOUD_URL, ZOLICHT_NEXTCLOUD_USER en "
    "ZOLICHT_NEXTCLOUD_APP_PASSWORD"
)
FAMILY_OR_ALL = "noem een gezin of gebruik --all"
PLAN_HEADER = "{family}: {count} wijziging(en)"
FAMILY_LABEL = "{name} ({slug})"
PERSON_LABEL = "{name} ({uid})"
OP_KINDS = {
    "DELETE_SHARE": "deling weghalen", "NARROW_SHARE": "deling beperken",
    "UNSHARE_CALENDAR": "agenda niet meer delen", "LIMIT_CALENDAR": "agenda beperken",
    "UNSHARE_FORM": "formulier niet meer delen", "UPDATE_FORM": "formulier bijwerken",
    "DELETE_FORM": "dubbel formulier weghalen", "REMOVE_FROM_GROUP": "uit groep halen",
    "DELETE_GROUP": "groep weghalen", "CREATE_GROUP": "groep maken",
    "CREATE_USER": "account maken", "ADD_TO_GROUP": "aan groep toevoegen",
    "MKDIR": "map maken", "MAKE_CALENDAR": "agenda maken",
    "ADOPT_EDIT": "wijziging in Nextcloud overnemen", "UPLOAD": "bestand neerzetten",
    "PUT_EVENT": "afspraak in agenda zetten", "DELETE_EVENT": "afspraak uit agenda halen",
    "CREATE_FORM": "formulier maken", "ARCHIVE_QUESTION": "vraag weghalen",
    "ADD_QUESTION": "vraag toevoegen", "UPDATE_QUESTION": "vraag bijwerken",
    "ORDER_QUESTIONS": "vragen op volgorde zetten", "WIDEN_SHARE": "deling uitbreiden",
    "CREATE_SHARE": "delen", "SHARE_CALENDAR": "agenda delen", "SHARE_FORM": "formulier delen",
}
"""``zolicht plan``'s words for each kind of operation (``reconcile.ops.Kind``)."""
OP_FOR = "voor {who}"
OP_PERMISSIONS = "rechten {permissions}"
OP_REASONS = {
    "revoked": "toestemming ingetrokken",
    "drift": "niemand koos hiervoor",
    "folder moved": "map verplaatst",
    "old objects removed": "oude onderdelen weggehaald",
}
APPLY_CONFIRM = "Nextcloud aanpassen voor {count} gezin(nen)?"
APPLY_DONE = (
    "{family}: klaar, {count} wijziging(en), {drift} onverklaarde deling(en) weggehaald."
)
APPLY_FAILED = (
    "{family}: gestopt na {done} wijziging(en) bij '{op}': {error}. "
    "Een volgende apply gaat verder."
)
APPLY_SUMMARY = (
    "{families} gezin(nen), {failed} mislukt; {reads} keer gelezen, {writes} keer geschreven."
)
DRIFT_LINE = (
    "{family}: {path} gedeeld (type {kind}) met {who} door {by}, rechten {permissions}; "
    "geen toestemming bekend"
)
DRIFT_MEMBER_LINE = (
    "{family}: {who} zit in groep {group} van dit gezin; geen toestemming bekend"
)
APPLY_WAITING = (
    "{family}: {count} wijziging(en) gedaan, {waiting} wacht(en) nog. {reason}"
)
NO_DRIFT = "Geen onverklaarde delingen gevonden."
WORKER_STARTED = "zolicht werkt wachtende wijzigingen af (elke {interval:g} seconden een ronde)."
APPLY_QUEUED = (
    "{count} gezin(nen) klaargezet. De worker (zolicht worker) zet ze in Nextcloud."
)
NOT_APPLIED = "Vastgelegd. Nog niet in Nextcloud gezet: er is geen Nextcloud ingesteld."
GRANT_NOT_APPLIED = (
    "Vastgelegd: {member} mag {document} zien. Nog niet in Nextcloud gezet: er is geen "
    "Nextcloud ingesteld."
)
REVOKE_NOT_APPLIED = (
    "Vastgelegd: {member} mag {document} niet meer zien. Nog niet in Nextcloud gezet: er is "
    "geen Nextcloud ingesteld."
)
TRY_AGAIN = "Het lukt nu even niet. We proberen het zo opnieuw; er is niets extra gedeeld."
DEMO_CLOUD = "Ontwikkel-Nextcloud draait op {url}"
SEES_NOTHING = "(ziet niets)"
DEMO_WHO_HEADING = "Wie is wie in {family}"
DEMO_WHO_LINE = "  {name}: {role}, {circle}{extra}"
DEMO_CIRCLES = {"family": "hoort bij het gezin", "network": "hoort bij het netwerk",
                "professional": "hulpverlener van het gezin"}
DEMO_AUTHORITY = ", heeft gezag"
DEMO_AGE = ", {age} jaar"
DEMO_NO_ACCOUNT = ", heeft geen account (geen e-mailadres)"
DEMO_SEES_HEADING = "Wat ziet iedereen, en waarom"
DEMO_SEES_INTRO = ("Zo staat het vandaag ({day}). Wat achter 'Nextcloud geeft' staat, is "
                   "gelezen in Nextcloud, als die persoon.")
DEMO_PERSON = "{name} ({circle})"
DEMO_READ_BACK = "  Nextcloud geeft {name}: {files}"
DEMO_CELL = "  - {title}: {why}"
DEMO_REST = "  - De andere stukken: niet gedeeld. Niemand heeft erom gevraagd."
DEMO_REST_ALL = "  - Geen enkel stuk gedeeld. Niemand heeft erom gevraagd."
DEMO_NO_ADDRESS = "  Kan niet inloggen: heeft geen e-mailadres, dus geen account."
DEMO_NO_ACCOUNT_YET = ("  Heeft nog geen account: dat komt pas als er iets met deze persoon "
                       "gedeeld is.")
DEMO_SAID_YES = "{names} zei ja"
DEMO_SAID_YES_MANY = "{names} zeiden ja"
DEMO_AND = " en "
DEMO_WHY_SAID_YES = "{can}: {said}"
DEMO_WHY_HAS_A_SAY = "{can}: beslist zelf mee over dit stuk"
DEMO_WHY_PROFESSIONAL = "{can}: hulpverlener van het gezin"
DEMO_WHY_REFUSED = "ziet dit niet: {names} wil dit niet"
DEMO_WHY_WAITING = "ziet dit nog niet: wacht op {names}"
DEMO_WHY_EXPIRED = "ziet dit niet meer: de toestemming is verlopen"
DEMO_WHY_NEVER = "ziet dit niet: mag niet betrokken worden"
DEMO_SIGN_IN_HEADING = "Inloggen op de pagina's ({url})"
DEMO_SIGN_IN_HOW = (
    "Open een link, druk op 'Inloggen via Nextcloud', typ bij Nextcloud het wachtwoord (de "
    "inlognaam, het e-mailadres, staat er al), en kom terug. Gebruik per persoon een "
    "privévenster.")
DEMO_SIGN_IN_PERSON = "{name} ({page})"
DEMO_SIGN_IN_LINK = "  link:            {url}"
DEMO_SIGN_IN_USER = "  inlognaam:       {user}"
DEMO_SIGN_IN_PASSWORD = "  wachtwoord:      {password}"
DEMO_PAGES = {"family": "gezinspagina", "network": "netwerkpagina",
              "professional": "pagina voor de hulpverlener"}
DEMO_WAITING = "Alles blijft draaien. Stop met Ctrl-C."
DEMO_STOPPED = "Gestopt. De tijdelijke map is weg."
NEXTCLOUD_ERROR = "fout: nextcloud: {problem}"
DOCUMENT_WRITTEN = "Geschreven: {path}"
FAMILY_HEADING = "{name} ({slug}) · status {status}"
FAMILIES_COLUMNS = ("slug", "naam", "status", "personen", "stukken")
PEOPLE_COLUMNS = ("key", "naam", "rol", "kring", "geboren", "gezag", "e-mail")
DOCUMENTS_COLUMNS = ("key", "titel", "soort", "over", "bestand")
MATRIX_COLUMNS = ("stuk", "persoon", "kan zien?")
YES = "ja"
AUDIT_FIELDS = {"on_behalf_of": "namens", "document": "stuk", "member": "lid",
                "subject": "over", "reason": "reden"}
"""The audit event's fields in a line of ``zolicht audit show``, as ``naam=waarde``."""
READING = "lezen"
"""What failed when an apply stopped before its first change: reading Nextcloud."""

# -- Word documents --------------------------------------------------------------------------
TEMPLATE_TAG_IN_CHANGE = (
    "{name}: een invulveld staat in een bijgehouden wijziging of een link ({where}); "
    "accepteer alle wijzigingen in het sjabloon"
)
TEMPLATE_UNKNOWN_FIELD = "{name}: onbekend invulveld {fields}"
TEMPLATE_MISSING_FIELD = "{name}: invulveld ontbreekt: {fields}"
NO_YOUTH = "dit gezin heeft geen jongere met een geboortedatum; kies iemand met --about"
NOBODY_YET = "nog niemand"
GP_POST = "zie de website van de eigen huisarts"
JIM_CHOSEN = "{name} is de JIM: gekozen door de jongere, om mee te denken en mee te beslissen."
NO_JIM = "Er is (nog) geen JIM gekozen."
NOT_RECORDED = "nog niet vastgelegd"
AGE_YEARS = "{age} jaar"
FIELD_NOT_IN_RECORD = "veld {field}: deze persoon staat niet (meer) in het dossier; niet gebruikt"
TASK_WITHOUT_WHAT = "{name}: wel 'wanneer' maar niet 'wat' ingevuld; niet gebruikt"
BACKUP_NOT_NAMED = (
    "achterwacht '{text}': noem precies één persoon uit het dossier; niet gebruikt"
)
DOCUMENT_NOT_OURS = "dit document is niet door zolicht gemaakt (soort onbekend)"
DOCUMENT_PROPOSALS = (
    "{count} voorstellen uit het document. Bekijk ze met: zolicht proposals list {slug}"
)
NOT_CHOSEN = "Nog niet gekozen"
FINAL = "definitief"
DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december")
DATE_LONG = "{day} {number} {month} {year}"
"""A date as people say it: "maandag 14 december 2026"."""
PERSON_WITH_PHONE = "{name} ({phone})"
PERSON_WITH_ROLE = "{name} ({role})"
EVERY_WEEK = "elke week"
EVERY_OTHER_WEEK = "om de week"
EVERY_WEEKS = "elke {n} weken"
SERIES_LINE = "{title}: {every} op {day} om {time}, tot en met {until}"
MOMENT_LINE = "{title}: {date} om {time}"
AFTERCARE_LINE = "{date} om {time}: even bijpraten"
WITH_PEOPLE = " (met {names})"
STRIPS_TEXT = (
    "{strips} keer bellen na het einde van de zorg; {used} keer gebruikt, nog {left} over."
)
NO_STRIPS = "Er is geen strippenkaart afgesproken."
HINT_CONTACT_PLAN = "Hoe vaak zien we elkaar, en wie is erbij?"
HINT_AFTERCARE = "Na de zorg: bijvoorbeeld na 2 weken, 1 maand, 3 maanden en 6 maanden"
HINT_STRIPS = "Hoe vaak mag het gezin nog bellen, en wie?"
HINT_TASK_WHAT = "Wat doet deze persoon?"
HINT_TASK_WHEN = "Wanneer en hoe vaak?"
HINT_FILL_IN = "Vul in"
HINT_PACE = "Hoe snel wil het gezin gaan?"
HINT_METHODS = "Ecogram, veiligheidscirkels, genogram, kaartspel of wie-vragen"
HINT_CHAT = "Naam van de appgroep en wie hem beheert"
HINT_NEED = "Wat is nodig, en voor wie?"
HINT_STRENGTHS = "Waar ben je goed in? Wat helpt jullie?"
MAPPING_METHOD_WORDS = {"ecogram": "ecogram (kringen om het gezin)",
                        "veiligheidscirkels": "veiligheidscirkels",
                        "genogram": "genogram (stamboom)", "kaartspel": "kaartspel",
                        "wie-vragen": "wie-vragen voor de jongere"}
FOR_WHOM_WORDS = {"youth": "jongere", "parent": "ouder", "family": "gezin"}
NO_HELPER_YET = "nog niemand"
STRENGTH_LINE = "{whose}: {what}"
TOGETHER = "Samen"
INDEPENDENCE_SCORE = "{score} van de 10"
NOT_ASKED = "niet gevraagd"
NOT_DISCUSSED = "niet besproken"
NO_TASKS = "Er zijn geen afspraken vastgelegd."
NO_SCORES = "nog geen cijfers"
HINT_BACKUP = "Naam en nummer"
HINT_OFFERS = "Praktische hulp, steun, informatie, gezelschap"
HINT_ALWAYS_THERE = "Minstens één volwassene die er altijd is"
HINT_HAND_OVER = "Stap {n}: wat, wie, wanneer"
HINT_PLACE = "Waar?"
HINT_QUESTION = "Met welke vraag?"
HINT_NAME_NUMBER = "Naam en nummer"
HAND_OVER_WORDS = {
    "network": "taak van het netwerk",
    "possible": "kan worden overgedragen",
    "done": "is overgedragen",
    "not_possible": "blijft bij de hulpverlener",
}
HAND_OVER_TO = {"possible": "kan over naar {name}", "done": "overgedragen aan {name}"}
RING_WORDS = {"close": "dichtbij", "further": "verder weg", "groups": "groepen en instellingen"}
RING_UNKNOWN = "nog niet ingedeeld"
SUPPORT_WORDS = {"practical": "praktische hulp", "emotional": "steun bij gevoelens",
                 "informative": "informatie en advies",
                 "normative": "zeggen wat wel en niet kan"}
LONG_TERM_YES = "ja"
LONG_TERM_NO = "nee"
ALWAYS_THERE = "Ook na de zorg beschikbaar: {names}."
DEFAULT_REFERRALS = (
    ("Zorgen over je gezondheid, slapen of hoe je je voelt", "Huisarts", ""),
    ("Vragen over opvoeden, geld, wonen of hulp thuis", "Wijkteam", ""),
    ("Zorgen over leren of gedrag op school", "School: de mentor of de intern begeleider",
     ""),
    ("Zorgen over veiligheid thuis, geweld of mishandeling", "Veilig Thuis",
     "0800-2000 (gratis, dag en nacht)"),
)
"""Where to go after care ends, when the record names no places yet: (question, place,
contact); an empty contact is left for the professional to fill in."""
EVALUATION_TITLE = "Evaluatie van {date}"
NOTHING_NOTED = "niets opgeschreven"
NO_EVALUATION = "Er is nog geen evaluatie vastgelegd."
NO_CONTRIBUTIONS = "Bij deze evaluatie is niemand uit het netwerk genoemd."
FIRST_EVALUATION = "Dit is de eerste evaluatie: er is nog niets om mee te vergelijken."
COMPARED_WITH = "Vergeleken met de evaluatie van {date}: "
NEWLY_MENTIONED = "nieuw genoemd: {names}."
NO_LONGER_MENTIONED = "niet meer genoemd: {names}."
SAME_PEOPLE = "dezelfde mensen als toen."
MAP_CHANGED = "De netwerkkaart sinds de vorige evaluatie: "
MAP_JOINED = "erbij gekomen: {names}."
MAP_LEFT = "niet meer op de kaart: {names}."
MAP_CHANGES = "iets veranderd bij: {names}."
MAP_SAME = "geen veranderingen."
MAP_FIRST = "De netwerkkaart heeft nog geen eerdere versie om mee te vergelijken."
NO_MAP = "Er is nog geen netwerkkaart gemaakt."

# -- the network map as a picture (documents/network_picture.py) ------------------------------
MAP_TITLE = "Netwerkkaart van {family}"
MAP_RINGS = {"close": "dichtbij", "further": "verder weg", "groups": "groepen en instellingen"}
"""The ecogram's three rings, from the centre outwards (``Ring`` values)."""
MAP_SUPPORT = {"practical": ("P", "praktische hulp"),
               "emotional": ("E", "steun en een luisterend oor"),
               "informative": ("I", "informatie en advies"),
               "normative": ("N", "houvast: zegt eerlijk wat wel en niet kan")}
"""Each kind of support (``Support`` values): its letter on the picture and its words."""
MAP_LEGEND = "Uitleg bij de kaart"
MAP_LONG_TERM = "dubbele rand: blijft er ook op lange termijn, ook na de zorg"
MAP_SHORT_TERM = "enkele rand: nu betrokken"
MAP_LONG_TERM_SHORT = "ook op lange termijn"
MAP_EMPTY = "Er staat nog niemand op de kaart."
MAP_INTRO = "Stand op {date}, in kaart gebracht op {made}."
MAP_INTRO_NO_MAP = (
    "Stand op {date}. Het netwerk is nog niet in kaart gebracht; "
    "hier staat het netwerk uit het dossier, allemaal bij dichtbij."
)
MAP_CENTRE = "In het midden staat {family}."
MAP_RING_LINE = "{ring}: {people}."
MAP_NOBODY = "niemand"
MAP_PERSON = "{name} ({details})"
SAFETY_CIRCLES = {"knows_all": "weet alles", "knows_some": "weet een beetje",
                  "wanted": "wil ik erbij"}
"""The youth's safety circles 1 to 3, from the centre outwards (``SafetyCircle`` values);
circle 4, "nooit", is the never-involve list and is never drawn."""
SAFETY_TITLE = "Veiligheidscirkels van {name}"
SAFETY_EMPTY = "Er staat nog niemand in de cirkels: {name} heeft nog niet verteld wie wat weet."
SAFETY_NOBODY = "Er staat nog niemand in de cirkels."
SAFETY_LEGEND = "Uitleg bij de cirkels"
SAFETY_LEGEND_LINE = "Cirkel {n}: {circle}"
SAFETY_NEVER_NOT_DRAWN = "Wie er nooit bij mag, staat niet op de tekening."

# -- contact plan ------------------------------------------------------------------------------
TAPER_RULE = "gebruik een getal met d, w of m, zoals 2w, 1m of 10d (gekregen: {value})"
STRIPS_RULE = "moet een getal van 0 tot en met {limit} zijn"
MINUTES_RULE = "moet tussen 5 en 600 minuten liggen"
EVERY_WEEKS_RULE = "moet tussen 1 en 8 weken liggen"
UNTIL_RULE = "een reeks heeft een einddatum nodig, op of na de eerste keer"
UNKNOWN_MOMENT = "er is geen losse afspraak {value} in het contactplan"
NO_STRIPS_LEFT = "de strippenkaart is op"
UNKNOWN_SERIES = "er is geen reeks {value} in het contactplan"
NOT_AN_OCCURRENCE = "de reeks {series} heeft geen afspraak op {value}"
MOVE_ONTO_OCCURRENCE = "op {value} heeft de reeks {series} al een afspraak"
TITLE_NOT_NEUTRAL = (
    "gebruik een neutrale titel: anderen zien die in hun agenda, dus geen diagnose"
)
START_RULE = "gebruik JJJJ-MM-DD UU:MM, bijvoorbeeld 2027-03-16 16:00 (gekregen: {value})"
CONTACT_PLAN_SET = (
    "Contactplan van {slug}: einde zorg {closing}, nazorg {taper}, strippenkaart {strips}."
)
CONTACT_ADDED = "Toegevoegd: {title}, {start}."
CONTACT_MOVED = "Verzet: {title} is nu op {start}."
CONTACT_CANCELLED = "Afgezegd: {title} ({start}); het blijft zichtbaar als afgezegd."
OCCURRENCE_CANCELLED = (
    "Afgezegd: {title} op {day}. Alleen deze keer; de andere keren blijven staan."
)
OCCURRENCE_MOVED = "Verzet: {title} van {day} is nu op {start}. De andere keren blijven staan."
SCALE_DOWN_PROPOSED = "Voorstel om af te schalen (er is nog niets veranderd):"
SCALE_DOWN_LINE = (
    "- {title}: nu elke {old} weken. Vanaf {start} elke {new} weken, tot en met {until}."
)
SCALE_DOWN_CONFIRM = "Akkoord? Voer dan uit: zolicht contact scale-down {slug} --confirm"
SCALE_DOWN_DONE = "Afgeschaald: {title} is vanaf {start} elke {new} weken."
SCALE_DOWN_NOTHING = (
    "Er is niets af te schalen: geen reeks gaat na vandaag door, of ze zijn al elke 8 weken, "
    "en geen taak kan nu naar het netwerk."
)
HAND_OVER_LINE = "- Taak naar het netwerk: {what} gaat over naar {to}."
HAND_OVER_DONE = "Overgedragen: {what} doet nu {to}."
SCALE_DOWN_HINT = (
    "Er is een voorstel om af te schalen: minder vaak afspreken of taken naar het netwerk. "
    "Bekijk het met: "
    "zolicht contact scale-down {slug}"
)
STRIPS_LEFT = "Nog {left} keer bellen over op de strippenkaart."
NO_MOMENTS = "Geen contactmomenten in deze periode."
CANCELLED_MARK = "(afgezegd)"
WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")

# -- forms ---------------------------------------------------------------------------------------
FORM_OK = "{form}: in orde, {count} vragen · {title}"
FORM_GONE = "{form}: dit formulier is niet meer te vinden in Nextcloud; draai zolicht apply"
SUBMITTER_UNKNOWN = "ingevuld door {user}, die niet bij dit gezin hoort; niet gebruikt"
SUBMISSION_UNREADABLE = "{form}: een antwoord is onleesbaar ({reason}); niet gebruikt"
PROBLEM_IN = "{form}, antwoord {id}: {problem}"
PERSON_WITHOUT_NAME = "persoon {n}: antwoorden zonder naam; niet gebruikt"
PERSON_BAD_NAME = (
    "persoon {n}: de naam is langer dan {limit} tekens of bevat onzichtbare tekens; "
    "niet gebruikt"
)
BLOCK_NEVER_INVOLVED = (
    "persoon {n}: niet voorgesteld, want deze persoon staat op de lijst 'nooit betrekken'")
PERSON_TWICE = "persoon {n}: staat al eerder in dit formulier; niet nog eens voorgesteld"
NEVER_BAD_NAME = "'liever niet erbij' {n}: naam ontbreekt of is te lang (meer dan {limit} tekens)"
CIRCLE_BAD_NAME = (
    "een naam bij '{question}' is te lang (meer dan {limit} tekens) of onleesbaar")
CIRCLE_NEVER_INVOLVED = (
    "een naam bij '{question}' is niet voorgesteld, want die staat op de lijst "
    "'nooit betrekken'")
SAFETY_QUESTIONS = {"knows_all": "wie weet alles", "knows_some": "wie weet een beetje",
                    "wanted": "wie wil je erbij"}
"""The youth's form's questions for the safety circles 1 to 3, as problems name them."""
RELATION_NOT_LISTED = "persoon {n}: deze relatie staat niet in de lijst; bewaard als opmerking"
WISH_OUTDATED = "{document} voor {member}: dit stuk of deze persoon staat niet meer in het dossier"
PULL_DONE = "{family}: {read} nieuwe antwoorden gelezen, {proposals} nieuwe voorstellen."

# -- proposals -----------------------------------------------------------------------------------
NO_SUCH_PROPOSAL = "gezin {slug} heeft geen voorstel {id}"
PROPOSAL_DECIDED = "voorstel {id} is al {state}"
NO_PROPOSALS = "Geen open voorstellen."
PROPOSAL_MEMBER = "nieuw in het netwerk: {name}"
PROPOSAL_UPDATE = "aanvullen in de netwerkkaart: {name}"
PROPOSAL_NEVER = "nooit betrekken: {name}"
PROPOSAL_CIRCLE = "{summary} (veiligheidscirkel: {circle})"
PROPOSAL_NOW_NEVER = (
    "deze persoon staat nu op de lijst 'nooit betrekken'; wijs het voorstel af")
PROPOSAL_NEVER_REASON = "{summary} (reden, alleen voor jou: {reason})"
PROPOSAL_GRANT = "{member} mag {document} lezen"
PROPOSAL_NOTE = "notitie: {text}"
PROPOSAL_CONTACT = "contactwens: {text}"
PROPOSAL_DOUBT_MARK = "let op: twijfel, bespreek dit samen"
PROPOSAL_PEER_MARK = "wil een ervaringsdeskundige spreken"
PROPOSAL_LINE = "#{id} {summary} (van {by}, {form}, {date})"
PROPOSAL_TASK = "taak voor {name}: {what} ({when})"
PROPOSAL_JIM = "wat de JIM {field}: {value}"
JIM_PARTS = {"know": "mag weten", "do": "mag doen of zeggen", "support": "steunt (wie)"}
PROPOSAL_OFFERS = "{name} kan bieden: {value}"
PROPOSAL_BACKUP = "achterwacht: {name}"
RECORD_SAVED = "Vastgelegd in het dossier: {what}."
STATE_NAMES = {"open": "open", "accepted": "aangenomen", "rejected": "afgewezen"}
MEMBER_ADDED = "{name} staat nu in het netwerk (sleutel {key})."
MEMBER_UPDATED = "{name} is bijgewerkt op de netwerkkaart."
NOTE_SAVED = "Opgeslagen als notitie in het dossier."
PROPOSAL_REJECTED = "Voorstel {id} afgewezen; er is niets veranderd."
GRANT_STILL_MISSING = "{member} kan {document} nog niet zien. Nog nodig: toestemming van {missing}."
EXPORT_TITLE = "Antwoorden op de formulieren: {family}"
EXPORT_FILLED_IN = "Ingevuld door {name} op {at}"
EXPORT_REMOVED_QUESTION = "(vraag bestaat niet meer)"
EXPORT_PRIVATE = "(alleen voor de hulpverlener)"
EXPORT_NO_ANSWERS = "Er zijn nog geen antwoorden."
EXPORT_PROPOSALS = "Voorstellen"
EXPORT_NOTES = "Notities"
EXPORT_WRITTEN = "Samenvatting geschreven naar {path}."

# -- web pages -----------------------------------------------------------------------------------
WEB_ALLOW = "mag dit zien"
WEB_STOP = "stoppen met delen"
AUDIT_CONSENT = "{who} zei ja: {member} mag {document} zien."
AUDIT_REVOKE = "{who} stopte met delen: {member} kan {document} niet meer zien."
AUDIT_REQUEST = "Gevraagd: mag {member} {document} zien?"
AUDIT_SHARED = "Gedeeld in Nextcloud: {member} kan {document} nu openen."
AUDIT_UNSHARED = "Niet meer gedeeld in Nextcloud: {member} kan {document} niet meer openen."
AUDIT_SYSTEM = "zolicht"
AUDIT_REMOVED = "een stuk dat er niet meer is"
WEB_DONE_ON = "Klaar: {member} kan {document} nu zien."
WEB_DONE_WAITING = "Je ja is bewaard. {member} kan {document} zien zodra {missing} ook ja {says}."
WEB_ALSO_NO_ACCOUNT = "Daarna heeft {member} ook nog een account nodig."
WEB_YES_REFUSED = (
    "Je ja is bewaard. Maar {refused} {wants} dit niet delen, dus {member} kan {document} niet "
    "zien."
)
WEB_DONE_OFF = "Klaar: {member} kan {document} niet meer zien (sinds {time})."
WEB_YES_NO_ACCOUNT = (
    "Je ja is bewaard. Maar {member} heeft nog geen account, dus kan {document} nog niet "
    "zien. Dat kan pas als de hulpverlener een e-mailadres van {member} invult."
)
WEB_YES_NOT_APPLIED = (
    "Je ja is bewaard. Nextcloud is even niet bereikbaar, dus {member} kan {document} nog "
    "niet zien. Het wordt gedeeld zodra het weer lukt."
)
WEB_STOP_NOT_APPLIED = (
    "Je stop is bewaard. Nextcloud is even niet bereikbaar, dus {member} kan {document} "
    "misschien nog zien. Het delen stopt zodra het weer lukt."
)
WEB_UNDO_GONE = (
    "Ongedaan maken kan nu niet meer: dat kan alleen in de eerste 10 seconden na een "
    "wijziging, en één keer. Er is niets veranderd."
)
WEB_BAD_DAY = (
    "Die einddatum klopt niet. Kies een dag vanaf vandaag, of laat het vak leeg. Er is "
    "niets veranderd."
)
WEB_NO_ACCOUNT = "mag dit zien, maar heeft nog geen account"
WEB_INVITED = "uitgenodigd: kan dit zien zodra {name} de eerste keer inlogt"
WEB_ACCOUNT_STATE = {
    "none": "{name} heeft nog geen account. Daarom kan {name} nog niets zien.",
    "invited": ("{name} is uitgenodigd, maar heeft nog niet ingelogd. Wat gedeeld is, "
                "staat klaar."),
    "signed-in": "{name} heeft een account en heeft al eens ingelogd.",
}
WEB_NAME_NO_ACCOUNT = "{name} (nog geen account)"
WEB_SHARING = "wordt gedeeld…"
WEB_STOPPING = "wordt gestopt…"
WEB_NOT_FOR_YOU = "Deze pagina is niet voor jou."
WEB_NOT_VOUCHED = "Log eerst in bij Nextcloud. Open zolicht daarna via het menu van Nextcloud."
WEB_CONTINUE_TITLE = "Een moment…"
WEB_CONTINUE = "Ga verder"
WEB_SIGN_IN_INTRO = (
    "Je logt in bij Nextcloud, met je eigen naam en wachtwoord. zolicht ziet je wachtwoord "
    "niet."
)
WEB_SIGN_IN_START = "Inloggen via Nextcloud"
WEB_SIGN_IN_AT_NEXTCLOUD = "Log in bij Nextcloud"
WEB_SIGN_IN_OPEN = "Open Nextcloud (in een nieuw tabblad)"
WEB_SIGN_IN_GRANT = "Log daar in en geef zolicht toegang."
WEB_SIGN_IN_COME_BACK = "Kom dan terug naar deze pagina en druk op de knop."
WEB_SIGN_IN_DONE = "Ik ben ingelogd"
WEB_SIGN_IN_NOT_YET = (
    "Nextcloud heeft zolicht nog geen toegang gegeven. Log in bij Nextcloud, geef toegang "
    "en druk dan opnieuw op de knop."
)
WEB_SIGN_IN_AGAIN = "Dit inloggen duurde te lang of is al afgerond. Begin opnieuw."
WEB_TOO_MANY = "Te veel pogingen. Probeer het opnieuw om {time}."
WEB_SESSION_OLD = "Deze pagina was te lang open. Probeer het nog een keer."
WEB_MONTH_FORMAT = "{value!r} is geen maand; schrijf het als jaar-maand, bijvoorbeeld 2026-11."
WEB_NEXTCLOUD_UNREACHABLE = "Nextcloud is nu niet bereikbaar. Probeer het later nog eens."
WEB_APPLIED = "Bijgewerkt. Hieronder zie je hoe het er nu voor staat."
WEB_APPLY_WAITING = (
    "Nog niet alles staat in Nextcloud: het was niet bereikbaar of te druk. zolicht probeert "
    "het vanzelf opnieuw; hieronder zie je wat nog moet."
)
WEB_APPLY_FAILED = (
    "Bijwerken is gestopt, Nextcloud weigerde: {error}. Hieronder zie je wat nog moet."
)
SERVING = "zolicht draait op {url}"

VERSION_UNREADABLE = "de versie van Nextcloud is niet te lezen ({version!r})"
VERSION_UNSUPPORTED = (
    "Nextcloud {version} krijgt geen beveiligingsupdates meer; gebruik 32.0.9, 33.0.3 of nieuwer"
)
VERSION_ADVISORIES = (
    "Nextcloud {version} heeft bekende problemen met delen en agenda's ({advisories}); werk "
    "bij naar {fixed} of nieuwer, of accepteer ze bij naam (--accept-advisory of "
    "ZOLICHT_ACCEPT_ADVISORIES) als u weet waarom ze hier niet gelden"
)

# -- page texts: the words of the web templates (web/templates/*.html) -----------------------
# The templates read these as ``M.PAGE_…`` (a Jinja2 global); a text with placeholders is
# filled in the template with ``.format(…)``. Autoescaping applies to the whole result.
MEMBER_MOMENT = "{day}, {time}"
"""A moment on the network member's page: "woensdag 25 november 2026, 16:00"."""
PAGE_LANG = "nl"
"""The ``lang`` of every page: change it with the translation."""
PAGE_DATE_TIME = "%d-%m-%Y %H:%M"
"""How a page writes a moment (``strftime``)."""
# every page (base.html, message.html)
PAGE_SKIP_TO_CONTENT = "Naar de inhoud"
PAGE_SIGN_OUT = "Uitloggen"
PAGE_TO_START = "Naar het begin"
# family.html: who may see what
PAGE_FAMILY_HEADING = "Wie mag wat zien?"
PAGE_FAMILY_INTRO = (
    "Jullie beslissen zelf wie uit jullie netwerk welke uitleg mag lezen. Niemand uit jullie "
    "netwerk kan iets zien tot jullie dat zeggen."
)
PAGE_FAMILY_ABOUT = "Over: {about}"
PAGE_FAMILY_SEEN_BY = "Nu kunnen dit zien: {names}"
PAGE_FAMILY_NO_NETWORK = "Er staat nog niemand in jullie netwerk."
PAGE_FAMILY_NO_DOCUMENTS = "Er zijn nog geen stukken waar jij over beslist."
PAGE_UNDO = "Ongedaan maken"
PAGE_FAMILY_TERMS = "Lezen of ook aanpassen, en tot wanneer"
PAGE_FAMILY_ACCESS = "Wat mag {name} ermee?"
PAGE_FAMILY_READ = "alleen lezen"
PAGE_FAMILY_EDIT = "lezen en aanpassen"
PAGE_FAMILY_UNTIL = "Tot en met (leeg: zonder einddatum)"
# person.html: what one network member can see
PAGE_PERSON_HEADING = "Wat kan {name} zien?"
PAGE_PERSON_INTRO = "Per stuk waar jij over beslist of dat jij kunt zien: wat {name} ermee kan."
PAGE_PERSON_NOTHING = "Er zijn nog geen stukken waar jij over beslist."
PAGE_PERSON_TO_CARD = "Naar dit stuk op de pagina"
PAGE_PERSON_BACK = "Terug naar: Wie mag wat zien?"
WEB_PERSON_UNKNOWN = "Deze persoon staat niet op jullie pagina."
# audit.html: the family's log
PAGE_AUDIT_HEADING = "Wie heeft wat gedeeld?"
PAGE_AUDIT_MONTH = "Laat één maand zien"
PAGE_AUDIT_ALL_MONTHS = "Alle maanden"
PAGE_AUDIT_SHOW = "Laat zien"
PAGE_AUDIT_NOTHING = "Er is nog niets gedeeld."
# member.html: what a network member sees
PAGE_MEMBER_TITLE = "Wat is met jou gedeeld?"
PAGE_MEMBER_HELLO = "Hoi {name},"
PAGE_MEMBER_SHARED = "{family} deelt dit met jou"
PAGE_MEMBER_NOTHING = "Nog niets."
PAGE_MEMBER_WHERE = "Je opent een stuk in Nextcloud. Alleen jij ziet daar wat met jou gedeeld is."
PAGE_MEMBER_OPEN_READ = "Lezen"
PAGE_MEMBER_OPEN_EDIT = "Lezen en aanpassen"
PAGE_MEMBER_TASKS = "Wat heb jij afgesproken?"
PAGE_MEMBER_TASKS_INTRO = (
    "Klopt dit? Druk dan op Akkoord. Klopt het niet? Bel de hulpverlener."
)
PAGE_MEMBER_NO_TASKS = "Er staat nog niets op jouw naam."
PAGE_MEMBER_TASK_WHEN = "Wanneer: {when}"
PAGE_MEMBER_AGREE = "Akkoord"
PAGE_MEMBER_AGREED = "Je hebt dit afgesproken op {day}."
PAGE_MEMBER_MEETINGS = "Afspraken"
PAGE_MEMBER_CANCELLED = "gaat niet door"
PAGE_MEMBER_NO_MEETINGS = "Geen afspraken in de komende tijd."
PAGE_MEMBER_WHO_TO_CALL = "Wie kun je bellen?"
PAGE_MEMBER_CALL = "Vragen? Bel {name}."
PAGE_MEMBER_CALL_PHONE = "Vragen? Bel {name}: {phone}."
PAGE_MEMBER_BACKUP = "Is de hulpverlener er niet? Bel de achterwacht, {name}."
PAGE_MEMBER_BACKUP_PHONE = "Is de hulpverlener er niet? Bel de achterwacht, {name}: {phone}."
PAGE_MEMBER_DANGER = "Is er direct gevaar? Bel 112."
PAGE_MEMBER_GUIDE = "Lees de uitleg"
# professional.html: the professional's families
PAGE_PRO_TITLE = "Gezinnen"
PAGE_PRO_HEADING = "Jouw gezinnen"
PAGE_PRO_STATUS = "Status: {status} · Laatst bijgewerkt in Nextcloud: {applied}"
PAGE_PRO_NEVER = "nog nooit"
PAGE_PRO_CHECK = "Controleer Nextcloud: afwijkingen en wat nog moet"
PAGE_PRO_NEXT = "Volgende afspraak: {start} {title}"
PAGE_PRO_WAITING = "Wacht nog op toestemming"
PAGE_PRO_NOTHING_WAITING = "Niets."
PAGE_PRO_DOCUMENT = "Word-document maken"
PAGE_PRO_MAKE = "Maken"
PAGE_PRO_CONTACT_DEFAULT = "Contactmoment"
# check.html: a professional's check of one family
PAGE_CHECK_TITLE = "Controle {family}"
PAGE_CHECK_HEADING = "Controle: {family}"
PAGE_CHECK_BACK = "Terug naar jouw gezinnen"
PAGE_CHECK_DRIFT = "Gedeeld buiten zolicht om"
PAGE_CHECK_DRIFT_EXPLAINED = (
    "Delingen in de gezinsmap en leden van de groepen van het gezin waar het gezin niet over "
    "heeft beslist. Bijwerken haalt ze weg."
)
PAGE_CHECK_DRIFT_SHARE = "{where}: gedeeld met {who}, door {by}"
PAGE_CHECK_PUBLIC_LINK = "een openbare link"
PAGE_CHECK_DRIFT_MEMBER = "{who} zit in groep {group} van dit gezin"
PAGE_CHECK_NO_DRIFT = "Niets gevonden."
PAGE_CHECK_PENDING = "Nog door te voeren"
PAGE_CHECK_CHANGES = "{count} wijziging(en) in Nextcloud."
PAGE_CHECK_APPLY = "Nu bijwerken"
# kaart.html: the network map, on the family page and the professional's check page
PAGE_MAP_HEADING = "Het netwerk in kaart"
PAGE_MAP_IN_WORDS = "Wie staat waar?"
PAGE_CIRCLES_HEADING = "Wie weet wat? De veiligheidscirkels"
# login.html (the sign-in pages' other words are the WEB_SIGN_IN_… texts above)
PAGE_SIGN_IN = "Inloggen"

# -- zolicht doctor ----------------------------------------------------------------------------
DOCTOR_OK = "ok"
DOCTOR_WARN = "let op"
DOCTOR_FAIL = "fout"
DOCTOR_HEADER = "zolicht doctor: {url} (service-account {user})"
DOCTOR_UNREACHABLE = "Nextcloud op {url} geeft geen antwoord: {problem}"
DOCTOR_VERSION = "Nextcloud {version}: geen bekende beveiligingsproblemen."
DOCTOR_VERSION_REFUSED = "Nextcloud {version}: zolicht werkt hier niet mee. {problem}"
DOCTOR_VERSION_ACCEPTED = (
    "Nextcloud {version} heeft bekende beveiligingsproblemen ({advisories}); u hebt ze "
    "geaccepteerd. Elke keer dat zolicht hierop bouwt, staat dat in het logboek. Werk "
    "Nextcloud zo snel mogelijk bij."
)
DOCTOR_ADMIN = "Service-account {user} is beheerder: zolicht kan accounts en groepen maken."
DOCTOR_NOT_ADMIN = (
    "Service-account {user} is geen beheerder: zolicht kan dan geen accounts en groepen "
    "maken. Zet {user} in de groep admin."
)
DOCTOR_EMAIL = "Service-account {user} heeft e-mailadres {email}: uitnodigingen gaan hiermee."
DOCTOR_NO_EMAIL = (
    "Service-account {user} heeft geen e-mailadres: Nextcloud verstuurt dan geen "
    "uitnodigingen voor contactmomenten. Geef {user} een e-mailadres van de organisatie."
)
DOCTOR_FORMS = "Formulieren (Forms) {version} staat aan."
DOCTOR_NO_FORMS = "De app Formulieren (Forms) staat niet aan: zet Forms 5.2.7 of nieuwer aan."
DOCTOR_FORMS_OLD = (
    "Formulieren (Forms) {version} is te oud (CVE-2026-45543): werk bij naar 5.2.7 of nieuwer."
)
DOCTOR_APPAPI = "AppAPI {version} staat aan: zolicht kan als externe app in Nextcloud draaien."
DOCTOR_NO_APPAPI = (
    "AppAPI staat niet aan: zolicht werkt dan alleen los (zolicht serve), niet binnen "
    "Nextcloud."
)
DOCTOR_NO_RATE_LIMIT = (
    "Het adres van zolicht staat op de allowlist van Nextcloud en die geldt ook voor "
    "limieten: nieuwe stukken worden direct gedeeld."
)
DOCTOR_RATE_LIMIT = (
    "Nextcloud laat één account 20 nieuwe delingen per 10 minuten maken. Een ja of stop "
    "wacht daar nooit op (dat is een groepslid maken), alleen een nieuw stuk kan even wachten; "
    "zolicht maakt het later zelf af. Sneller: zet het adres van zolicht op de brute-force-"
    "allowlist (Beheer → Beveiliging) en zet dan: occ config:app:set bruteforcesettings "
    "apply_allowlist_to_ratelimit --value=true"
)
DOCTOR_THROTTLED = (
    "Nextcloud vertraagt verzoeken van zolicht nu ({delay} ms) na mislukte aanmeldingen. "
    "Zet het adres van zolicht op de brute-force-allowlist (Beheer → Beveiliging)."
)
DOCTOR_RESHARING = (
    "Opnieuw delen staat aan in Nextcloud. zolicht geeft dat recht nooit, maar zet het "
    "voor de zekerheid uit: Beheer → Delen → 'Opnieuw delen toestaan'."
)
DOCTOR_NO_RESHARING = "Opnieuw delen staat uit."
DOCTOR_ENUMERATION = (
    "Iedereen met een account kan in het deelvenster alle accounts en groepen opzoeken, dus "
    "ook zien wie er nog meer een account heeft. Zet dat uit: Beheer → Delen → "
    "'Gebruikersnamen aanvullen' uit (of: occ config:app:set core "
    "shareapi_allow_share_dialog_user_enumeration --value=no)."
)
DOCTOR_NO_ENUMERATION = "Accounts kunnen elkaar niet opzoeken buiten hun eigen groepen."
DOCTOR_ENUMERATION_UNKNOWN = (
    "zolicht kan de deel-instellingen niet lezen. Kijk zelf of 'Gebruikersnamen aanvullen' "
    "in Beheer → Delen uit staat."
)
DOCTOR_SHARE_MAILS = (
    "zolicht vraagt Nextcloud nooit om een mail bij het delen: zo'n mail noemt de naam van "
    "het stuk."
)
DOCTOR_SUMMARY = "{fail} fout(en), {warn} punt(en) om op te letten."
DOCTOR_WEBHOOKS = (
    "Nextcloud meldt het direct aan zolicht als een bestand in een gezinsmap verandert "
    "(webhooks naar {uri})."
)
DOCTOR_WEBHOOKS_MISSING = (
    "Nextcloud meldt wijzigingen in de gezinsmappen nog niet direct aan zolicht: draai "
    "zolicht doctor --fix."
)
DOCTOR_WEBHOOKS_NO_URL = (
    "ZOLICHT_PUBLIC_URL is niet gezet: Nextcloud kan wijzigingen niet direct aan zolicht "
    "melden. Alleen de controle op vaste tijden (apply --all) vindt ze."
)
DOCTOR_WEBHOOKS_NO_SHARES = (
    "Deze Nextcloud meldt nieuwe, gewijzigde of weggehaalde shares niet direct. zolicht "
    "vindt ze bij de controle op vaste tijden: laat apply --all vaak draaien (cron)."
)
DOCTOR_WEBHOOKS_FAILED = "Webhooks aanmelden bij Nextcloud lukte niet: {problem}"

# -- the command line's own words (click and typer), in Dutch ----------------------------------
CLICK_WORDS = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Arguments": "Argumenten",
    "Commands": "Opdrachten",
    "Error": "Fout",
    "Show this message and exit.": "Laat deze hulp zien en stop.",
    "Show the version and exit.": "Laat de versie zien en stop.",
    "Aborted!": "Afgebroken.",
    "Aborted.": "Afgebroken.",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Hulp: '{command} {option}'.",
    "Try [blue]'{command_path} {help_option}'[/] for help.":
        "Hulp: [blue]'{command_path} {help_option}'[/]",
    "Missing argument": "Argument ontbreekt",
    "Missing option": "Optie ontbreekt",
    "Missing parameter": "Gegeven ontbreekt",
    "Missing parameter: {param_name}": "Gegeven ontbreekt: {param_name}",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Missing command.": "Geef een opdracht.",
    "No such command {name!r}.": "Opdracht {name!r} bestaat niet.",
    "No such option {name!r}.": "Optie {name!r} bestaat niet.",
    "Option {name!r} does not take a value.": "Optie {name!r} krijgt geen waarde.",
    "Invalid value for {param_hint}: {message}": "Verkeerde waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Verkeerde waarde: {message}",
    "Error: invalid input": "Fout: dat antwoord ken ik niet",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet tussen {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "[default: {}]": "[standaard: {}]",
    "[required]": "[verplicht]",
    "(deprecated) ": "(verouderd) ",
    "deprecated": "verouderd",
    "env var: {var}": "omgevingsvariabele: {var}",
    "[env var: {}]": "[omgevingsvariabele: {}]",
    "Got unexpected extra argument ({args})": "Eén argument te veel ({args})",
    "Got unexpected extra arguments ({args})": "Argumenten te veel ({args})",
    "Option {name!r} requires an argument.": "Optie {name!r} heeft een waarde nodig.",
    "Option {name!r} requires {nargs} arguments.": "Optie {name!r} heeft {nargs} waarden nodig.",
    "Did you mean {possibility}?": "Bedoel je {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoel je een van deze: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} is niet {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
}
"""click's and typer's English (their gettext message ids) and what zolicht says instead."""
CLICK_ERRORS = (
    (r"^Missing argument", "Argument ontbreekt:"),
    (r"^Missing option", "Optie ontbreekt:"),
    (r"^Missing parameter", "Gegeven ontbreekt:"),
    (r"^Missing command", "Geef een opdracht"),
    (r"^No such option:?", "Deze optie bestaat niet:"),
    (r"^No such command", "Deze opdracht bestaat niet:"),
    (r"^Invalid value for", "Verkeerde waarde voor"),
    (r"^Invalid value:", "Verkeerde waarde:"),
    (r"^Got unexpected extra arguments?", "Te veel argumenten"),
    (r"Did you mean", "Bedoel je"),
    (r"requires an argument", "heeft een waarde nodig"),
    (r"is not a valid integer", "is geen heel getal"),
    (r"is not a valid float", "is geen getal"),
    (r"does not exist", "bestaat niet"),
)
"""The start of click's error messages (a pattern) and the Dutch that replaces it."""
USAGE = "Gebruik: "
OPTIONS_METAVAR = "[OPTIES]"
COMMAND_METAVAR = "OPDRACHT [ARGUMENTEN]..."
YES_NO = "[j/N]"
"""After a question that is answered with yes or no; no is the default."""
YES_WORDS = ("j", "ja", "y", "yes")
CONFIRM_AGAIN = "Antwoord met j (ja) of n (nee)."

# -- the choices on the command line: the Dutch word, and the value in the record -------------
CHOICES: dict[str, dict[str, str]] = {
    "circle": {"gezin": "family", "netwerk": "network", "hulpverlening": "professional"},
    "status": {"actief": "active", "afschalen": "scaling_down", "nazorg": "aftercare",
               "gesloten": "closed"},
    "kind": {"contact": "contact", "evaluatie": "evaluation",
             "netwerkberaad": "network_meeting", "nazorg": "aftercare"},
    "document_kind": {"psycho-educatie": "psycho_education",
                      "signaleringsplan": "signaleringsplan", "afspraken": "afspraken",
                      "netwerkkaart": "network_map", "formulieren": "form_export",
                      "dossier": "dossier"},
    "sensitivity": {"gewoon": "normal", "gevoelig": "sensitive", "gezondheid": "health"},
    "ring": {"dichtbij": "close", "verder": "further", "groepen": "groups"},
    "support": {"praktisch": "practical", "emotioneel": "emotional",
                "informatief": "informative", "normerend": "normative"},
    "safety_circle": {"weet-alles": "knows_all", "weet-een-beetje": "knows_some",
                      "gewenst": "wanted", "geen": "none"},
    "hand_over": {"netwerk": "network", "mogelijk": "possible", "overgedragen": "done",
                  "niet-mogelijk": "not_possible"},
    "for_whom": {"jongere": "youth", "ouder": "parent", "gezin": "family"},
}
"""Per option: each Dutch word and the English value the record keeps (the English values
stay accepted as they are)."""

# -- the command line's help, per command (the path after ``zolicht``) ---------------------------
HELP = {
    "": "zolicht: het gezin beslist wie uit hun netwerk wat mag zien.",
    "grant": "Leg vast dat --by ja zegt: MEMBER mag DOCUMENT zien. Het wordt gedeeld zodra "
             "iedereen die ja moet zeggen, ja heeft gezegd.",
    "consent": "Voeg de ja van --by toe aan een bestaand verzoek: mag MEMBER DOCUMENT zien?",
    "revoke": "Stop meteen met het delen van DOCUMENT met MEMBER. Daarna is ieders ja weer "
              "nodig.",
    "matrix": "Wie welk stuk kan zien, en wiens ja nog ontbreekt.",
    "render": "Maak een Word-document uit wat over het gezin is vastgelegd.",
    "devcloud": "Start de Nextcloud om te oefenen (accounts, bestanden, delen), voor demo's "
                "en tests.",
    "plan": "Laat zien wat apply in Nextcloud zou veranderen, zonder iets te veranderen.",
    "apply": "Zet Nextcloud gelijk aan de keuzes van de gezinnen; eerst wordt delen gestopt.",
    "drift": "Toon delingen in de mappen van gezinnen die niemand heeft goedgekeurd (zonder "
             "ze weg te halen).",
    "worker": "Doe het werk dat nog wacht: gezinnen die op Nextcloud moesten wachten.",
    "doctor": "Controleer wat zolicht van Nextcloud nodig heeft, en zeg hoe je oplost wat "
              "ontbreekt.",
    "serve": "Start de webpagina's en de JSON-API (los, of als app in Nextcloud).",
    "demo": "Start een oefen-Nextcloud met het voorbeeldgezin en laat zien wat ieder ziet.",
    "family": "Gezinnen maken, bekijken, inlezen en wegschrijven.",
    "family create": "Maak een nieuw, leeg gezin.",
    "family list": "Toon alle gezinnen.",
    "family show": "Toon de mensen en stukken van een gezin.",
    "family status": "Zet de status van een gezin: actief, afschalen, nazorg of gesloten.",
    "family import": "Lees een heel gezin in uit een YAML-bestand.",
    "family export": "Schrijf een heel gezin weg als YAML (op het scherm, of naar --out).",
    "person": "Mensen in een gezin toevoegen, aanpassen en verwijderen.",
    "person add": "Voeg iemand toe aan een gezin.",
    "person change": "Pas gegevens van iemand aan; wat je niet noemt, blijft hetzelfde.",
    "person remove": "Verwijder iemand, met alle verzoeken voor hen en elke ja die zij gaven.",
    "document": "Stukken toevoegen en verwijderen; een kant-en-klaar blad toevoegen.",
    "document add": "Voeg een stuk toe uit een bestand. Niemand uit het netwerk ziet het, "
                    "tot het gezin ja zegt.",
    "document sheet": "Voeg een kant-en-klaar blad toe als uitleg (psycho-educatie). Niemand "
                      "uit het netwerk ziet het, tot het gezin ja zegt.",
    "document sheets": "Toon de kant-en-klare bladen: titel en voor wie ze zijn geschreven.",
    "document remove": "Verwijder een stuk, met alle verzoeken ervoor.",
    "audit": "Het logboek lezen en controleren.",
    "audit verify": "Controleer het logboek: elke aangepaste, verwijderde, toegevoegde of "
                    "verschoven gebeurtenis wordt genoemd.",
    "audit head": "Toon het nummer en de hash van de nieuwste gebeurtenis, om ergens anders "
                  "te bewaren.",
    "audit show": "Toon de gebeurtenissen in het logboek, oudste eerst (van één gezin, of "
                  "van allemaal).",
    "contact": "Het contactplan: afspraken, nazorg, strippenkaart en agenda.",
    "contact plan": "Zet de einddatum van de zorg, de nazorg en de strippenkaart.",
    "contact add": "Voeg een afspraak toe, of een reeks met --every-weeks en --until.",
    "contact list": "Alle afspraken in een periode (standaard: het komende jaar).",
    "contact taper": "De nazorg-afspraken na de einddatum van de zorg.",
    "contact scale-down": "Stel voor om minder vaak af te spreken (afschalen), en taken aan "
                          "het netwerk over te dragen; met --confirm gebeurt het.",
    "contact use-strip": "Streep één belletje af op de strippenkaart.",
    "contact cancel": "Zeg één afspraak af; die blijft zichtbaar als afgezegd.",
    "contact move": "Verzet één afspraak naar een ander tijdstip.",
    "contact cancel-occurrence": "Zeg één keer van een reeks af (DAY: JJJJ-MM-DD); de "
                                 "andere keren blijven staan.",
    "contact move-occurrence": "Verzet één keer van een reeks (DAY: JJJJ-MM-DD); de andere "
                               "keren blijven staan.",
    "contact export": "De agenda van het gezin als .ics-bestand, voor een andere agenda-app.",
    "method": "De stappen van de methode: nooit betrekken, netwerkkaart, evaluaties, taken.",
    "method never": "Zet NAME op de lijst 'nooit betrekken': niets delen, geen agenda, geen "
                    "formulier, geen document.",
    "method allow": "Haal NAME van de lijst 'nooit betrekken' (wat diegene had, komt niet "
                    "vanzelf terug).",
    "method map": "Leg vast waar PERSON nu in het netwerk staat (een nieuwe netwerkkaart).",
    "method evaluate": "Leg een evaluatie vast, met de aantekeningen en wat het netwerk deed.",
    "method task": "Voeg een taak toe of pas hem aan: wie doet wat, en kan het over naar het "
                   "netwerk.",
    "method untask": "Verwijder een taak.",
    "method helpers": "Wie helpt in PHASE (groen, oranje, rood, crisis) van het "
                      "signaleringsplan.",
    "method backup": "De achterwacht: wie je belt als de hulpverlener er niet is.",
    "method jim": "Wat de JIM mag weten en doen, en wie de JIM steunt.",
    "method referral": "Na de zorg: met vraag QUESTION kan het gezin naar PLACE.",
    "method need": "Leg een behoefte vast (stap 2): voor wie, wat, en welke soort steun.",
    "method unneed": "Haal een behoefte weg.",
    "method strength": "Leg een kracht vast (stap 4): waar iemand goed in is, of wat helpt.",
    "method unstrength": "Haal een kracht weg.",
    "method pace": "Leg vast hoe snel dit gezin wil gaan (een korte zin; leeg: wissen).",
    "method methods": "Hoe jullie het netwerk in kaart brengen, samen met het gezin gekozen.",
    "method chat": "Leg de appgroep van het gezin en het netwerk vast (leeg: wissen).",
    "method maps": "Alle netwerkkaarten, de oudste eerst, met wie erbij kwam en wie niet meer.",
    "forms": "De formulieren van de zes stappen.",
    "forms check": "Controleer elk formulier; een fout wordt genoemd met bestand, regel en "
                   "reden.",
    "forms pull": "Lees nieuwe antwoorden uit de formulieren van het gezin en maak er "
                  "voorstellen van.",
    "forms export": "De antwoorden, voorstellen en aantekeningen van het gezin als "
                    "samenvatting (Markdown) voor het dossier.",
    "proposals": "Bekijk wat het gezin via de formulieren voorstelde.",
    "proposals list": "Toon de open voorstellen (met --all: alle voorstellen).",
    "proposals accept": "Voer een voorstel uit: iemand toevoegen, vragen om te delen, of de "
                        "aantekening bewaren.",
    "proposals reject": "Wijs een voorstel af; er verandert niets.",
    "documents": "Word-documenten lezen, definitief maken en de sjablonen bouwen.",
    "documents read": "Toon de velden die een hulpverlener invulde, per label (JSON).",
    "documents propose": "Maak van ingevulde velden (taken, de JIM, wat iemand kan bieden, de "
                         "achterwacht) voorstellen om aan te nemen of af te wijzen.",
    "documents finalize": "Definitief maken: lege velden weg, versie en status invullen.",
    "documents build-templates": "Schrijf de standaard-sjablonen (steeds hetzelfde uit de "
                                 "code).",
}
"""What ``--help`` says of each command and group; the key is the command after
``zolicht`` ("" is ``zolicht`` itself)."""

DATE_HINT = "JJJJ-MM-DD"
OPTION_HELP = {
    "grant --by": "Sleutel van wie deze ja geeft",
    "grant --edit": "Mag het stuk ook aanpassen",
    "grant --until": "Laatste dag, JJJJ-MM-DD",
    "consent --by": "Sleutel van wie deze ja geeft",
    "revoke --by": "Sleutel van wie stopt met delen",
    "matrix --json": "Als JSON",
    "matrix --on": "Bekijk het op deze dag, JJJJ-MM-DD",
    "render KIND": "signaleringsplan, afspraken, netwerkkaart, overdrachtsplan of "
                   "evaluatieverslag",
    "render --out": "Schrijf het document hierheen",
    "render --about": "Voor wie (standaard: de oudste jongere)",
    "render --version": "Versienummer",
    "render --templates": "De map met de sjablonen van de organisatie",
    "render --store": "Bewaar het ook bij het gezin (record en map)",
    "plan FAMILY": "Het gezin (sleutel)",
    "plan --all": "Alle gezinnen",
    "plan --json": "Als JSON",
    "apply FAMILY": "Het gezin (sleutel)",
    "apply --all": "Alle gezinnen",
    "apply --yes": "Niet vragen",
    "apply --accept-advisory": "Zet toch alles klaar op een server met dit beveiligingsadvies "
                               "(de naam, bv. CVE-2026-45285; komt in het logboek)",
    "drift FAMILY": "Het gezin (sleutel)",
    "worker --once": "Eén ronde, dan stoppen",
    "worker --interval": "Seconden tussen de rondes",
    "serve --host": "Adres om op te luisteren (standaard: APP_HOST van AppAPI, anders "
                    "127.0.0.1)",
    "serve --port": "Poort (standaard: APP_PORT van AppAPI, anders 8000)",
    "devcloud --port": "Poort om op te luisteren",
    "devcloud --data": "Map met de gegevens (blijft bewaard)",
    "devcloud --host": "Adres om op te luisteren",
    "devcloud --nextcloud-version": "Versie die de server noemt",
    "devcloud --allow-list": "Adressen die nooit worden afgeremd na mislukt inloggen "
                             "(mag vaker)",
    "devcloud --allow-list-lifts-limits": "De allow-list heft ook de snelheidslimieten op",
    "devcloud --skeleton": "Nieuwe accounts krijgen de voorbeeldbestanden van Nextcloud",
    "family create --name": "Naam om te tonen",
    "family create --status": "actief, afschalen, nazorg of gesloten",
    "family status STATUS": "actief, afschalen, nazorg of gesloten",
    "family export --out": "Schrijf de YAML hierheen",
    "person add --name": "Naam",
    "person add --role": "Rol, bv. moeder, oma, buurvrouw",
    "person add --circle": "gezin, netwerk of hulpverlening",
    "person add --born": "Geboortedatum, JJJJ-MM-DD",
    "person add --authority": "Heeft gezag (ouder)",
    "person add --not-capable": "Kan zelf niet beslissen",
    "person add --email": "E-mailadres",
    "person add --phone": "Telefoonnummer",
    "person add --nextcloud-user": "Bestaand Nextcloud-account",
    "person change --circle": "gezin, netwerk of hulpverlening",
    "person change --born": "Geboortedatum, JJJJ-MM-DD",
    "person change --authority": "Heeft (geen) gezag",
    "person change --not-capable": "Kan zelf (niet) beslissen",
    "document add --title": "Neutrale titel die het netwerk mag zien",
    "document add --about": "Sleutel van wie het stuk over gaat",
    "document add --kind": "psycho-educatie, signaleringsplan, afspraken, netwerkkaart, "
                           "formulieren of dossier",
    "document add --sensitivity": "gewoon, gevoelig of gezondheid",
    "document add --file-name": "Naam in Nextcloud",
    "document sheet --about": "Sleutel van wie het blad over gaat (standaard: de jongere "
                              "van het gezin)",
    "audit verify --expect-head": "Hash die ergens anders bewaard is (van `zolicht audit "
                                  "head`), om mee te vergelijken",
    "contact plan --closing": "Laatste dag van de zorg, JJJJ-MM-DD",
    "contact plan --taper": "Nazorg na de einddatum, bv. 2w,1m,3m,6m",
    "contact plan --strips": "Belletjes over na het einde van de zorg",
    "contact add --title": "Neutrale titel die iedereen mag zien",
    "contact add --start": "JJJJ-MM-DD UU:MM, Nederlandse tijd",
    "contact add --minutes": "Hoe lang, in minuten",
    "contact add --kind": "contact, evaluatie, netwerkberaad of nazorg",
    "contact add --every-weeks": "Herhaal elke N weken",
    "contact add --until": "Laatste dag van de reeks, JJJJ-MM-DD",
    "contact add --with": "Sleutels van de mensen, met komma's ertussen",
    "contact add --where": "Waar",
    "contact list --from": "Vanaf, JJJJ-MM-DD",
    "contact list --to": "Tot en met, JJJJ-MM-DD",
    "contact scale-down --confirm": "Voer het voorstel uit",
    "contact move --start": "JJJJ-MM-DD UU:MM, Nederlandse tijd",
    "contact move-occurrence --start": "JJJJ-MM-DD UU:MM, Nederlandse tijd",
    "contact export --out": "Schrijf het .ics-bestand hierheen",
    "method never --reason": "Waarom (alleen voor de hulpverlener)",
    "method never --person": "Sleutel van de persoon, als die in het gezin staat",
    "method map --ring": "dichtbij, verder of groepen",
    "method map --support": "praktisch, emotioneel, informatief, normerend (met komma's)",
    "method map --offers": "Wat deze persoon kan bieden",
    "method map --long-term": "Ook beschikbaar na het einde van de zorg",
    "method map --circle": "De veiligheidscirkel van de jongere: weet-alles, "
                           "weet-een-beetje, gewenst, of geen om de persoon eruit te halen "
                           "(niet genoemd: blijft zoals het was)",
    "method evaluate --on": "JJJJ-MM-DD (standaard: vandaag)",
    "method evaluate --notes": "Aantekeningen",
    "method evaluate --next": "Waar je de volgende keer op terugkijkt",
    "method evaluate --moment": "Sleutel van de afspraak of reeks",
    "method evaluate --network": "PERSOON=wat diegene deed; één keer per persoon: 'inzet van "
                                 "het netwerk'",
    "method task --what": "Wat deze persoon doet",
    "method task --when": "Wanneer en hoe vaak",
    "method task --hand-over": "netwerk, mogelijk, overgedragen of niet-mogelijk",
    "method task --to": "Aan wie het wordt overgedragen",
    "method helpers PEOPLE": "Sleutels van de mensen, met komma's ertussen",
    "method jim --know": "Wat de JIM mag weten",
    "method jim --do": "Wat de JIM mag doen of zeggen",
    "method jim --support": "Wie de JIM steunt",
    "method referral --contact": "Contactgegevens",
    "method need --what": "Wat er nodig is, in de woorden van het gezin",
    "method need --for": "jongere, ouder of gezin",
    "method need --kind": "praktisch, emotioneel, informatief of normerend",
    "method strength --what": "Waar iemand goed in is, of wat helpt",
    "method strength --whose": "Sleutel van de persoon (standaard: het hele gezin)",
    "method pace TEXT": "Hoe snel dit gezin wil gaan",
    "method methods CHOSEN": "ecogram, veiligheidscirkels, genogram, kaartspel, wie-vragen; "
                             "met komma's",
    "method chat TEXT": "De naam van de groep en wie hem beheert",
    "forms check DIRECTORY": "Map met formulieren (standaard: die van zolicht)",
    "forms export --out": "Schrijf de Markdown hierheen in plaats van op het scherm",
    "proposals list --all": "Ook de voorstellen waarover al is beslist",
    "proposals accept --consent-by": "Bij een wens om te delen: iemand die ja zei (mag vaker)",
    "proposals accept --key": "Bij een nieuw netwerklid: de sleutel die diegene krijgt",
    "documents finalize --version": "Versienummer",
    "documents finalize --out": "Schrijf het document hierheen (standaard: over het "
                                "bestand heen)",
    "documents build-templates DIRECTORY": "Map voor de sjablonen (standaard: die van "
                                           "zolicht)",
}
"""What ``--help`` says of each option (``command --option``) and argument
(``command NAME``)."""


# -- notifications through Nextcloud (never a title, a document's name or another's name) ---
NOTIFY_ASKED = "Er is een vraag voor je in zolicht."
NOTIFY_SHARED = "Er staat iets nieuws voor je klaar."
NOTIFY_LOOK = "Kijk op {link}."
NOTIFY_LOOK_IN_ZOLICHT = "Kijk in zolicht."
PUBLIC_URL_RULE = "Geef het adres van de pagina's, met http:// of https:// ({value})."

# -- the professional's people and proposals pages (web) ------------------------------------
PAGE_PEOPLE_TITLE = "Mensen {family}"
PAGE_PEOPLE_HEADING = "Mensen: {family}"
PAGE_PEOPLE_LINK = "Mensen: toevoegen, aanpassen, nooit betrekken"
PAGE_PROPOSALS_LINK = "Voorstellen uit de formulieren"
PAGE_PEOPLE_WHO = "Wie hoort erbij?"
PAGE_PEOPLE_NAME = "Naam"
PAGE_PEOPLE_ROLE = "Rol"
PAGE_PEOPLE_CIRCLE = "Hoort bij"
WEB_PEOPLE_ACCOUNT_YES = "heeft een account"
WEB_PEOPLE_ACCOUNT_NO = "nog geen account (geen e-mailadres)"
WEB_PEOPLE_ACCOUNT_STATE = {
    "none": "nog geen account",
    "invited": "uitgenodigd, nog niet ingelogd",
    "signed-in": "heeft een account en al eens ingelogd",
}
PAGE_PEOPLE_EMAIL = "E-mailadres"
PAGE_PEOPLE_PHONE = "Telefoon"
PAGE_PEOPLE_BORN = "Geboortedatum (JJJJ-MM-DD)"
PAGE_PEOPLE_AUTHORITY = "Heeft gezag"
PAGE_PEOPLE_NOTIFY = "Krijgt berichten in Nextcloud (zonder titels of namen)"
PAGE_PEOPLE_ADD = "Iemand toevoegen"
PAGE_PEOPLE_ADD_BUTTON = "Toevoegen"
PAGE_PEOPLE_CHANGE = "Aanpassen"
PAGE_PEOPLE_SAVE = "Opslaan"
PAGE_PEOPLE_REMOVE = "Verwijderen"
PAGE_PEOPLE_REMOVE_ASK = (
    "Weet je het zeker? {name} verdwijnt uit het dossier, met alles wat {name} mocht zien "
    "en elke ja die {name} gaf.")
PAGE_PEOPLE_REMOVE_YES = "Ja, verwijder {name}"
PAGE_PEOPLE_REMOVE_NO = "Nee, terug"
PAGE_PEOPLE_NEVER = "Nooit betrekken"
PAGE_PEOPLE_NEVER_REASON = "Reden (alleen voor jou, niet verplicht)"
PAGE_PEOPLE_NEVER_LIST = "Nooit betrekken"
PAGE_PEOPLE_NEVER_EMPTY = "Niemand staat op deze lijst."
PAGE_PEOPLE_NEVER_LINE = "{name} (sinds {since})"
PAGE_PEOPLE_NEVER_LINE_REASON = "{name} (sinds {since}; reden, alleen voor jou: {reason})"
PAGE_PEOPLE_ALLOW = "Weer toestaan"
PAGE_PEOPLE_DETAILS = "{role} · {circle} · {account}"
PAGE_PROPOSALS_TITLE = "Voorstellen {family}"
PAGE_PROPOSALS_HEADING = "Voorstellen: {family}"
PAGE_PROPOSALS_INTRO = (
    "Wat het gezin en het netwerk in de formulieren vroegen. Er verandert pas iets als jij "
    "een voorstel aanneemt.")
PAGE_PROPOSALS_NONE = "Geen open voorstellen."
PAGE_PROPOSALS_FROM = "Van {by}, {date}"
PAGE_PROPOSALS_CONSENTS = "Wie zei al ja? Zet alleen een vinkje bij wie dat echt zei."
PAGE_PROPOSALS_ACCEPT = "Aannemen"
PAGE_PROPOSALS_REJECT = "Afwijzen"
WEB_CIRCLE_NAMES = {"family": "gezin", "network": "netwerk", "professional": "hulpverlener"}
WEB_FIELD_NAMES = {
    "name": "naam", "role": "rol", "circle": "hoort bij", "email": "e-mailadres",
    "phone": "telefoon", "born": "geboortedatum", "authority": "gezag",
    "not_capable": "wilsbekwaam", "key": "naam", "reason": "reden", "person": "persoon",
    "proposal": "voorstel", "consents": "toestemming", "document": "stuk", "member": "lid",
    "nextcloud_user": "account", "title": "titel", "start": "wanneer", "minutes": "minuten",
    "kind": "soort", "every-weeks": "om de hoeveel weken", "until": "tot en met",
    "with": "wie is erbij", "where": "waar", "series": "reeks", "date": "welke keer",
    "moment": "afspraak", "closing": "einde zorg", "taper": "nazorg",
    "strips": "strippenkaart", "notes": "besproken", "next": "volgende keer",
    "network": "netwerk", "zelf": "cijfer", "on": "datum",
    "slug": "korte naam", "status": "status",
}
WEB_FIELD_ERROR = "Niets veranderd. {field}: {message}"
WEB_PERSON_ADDED = "{name} is toegevoegd."
WEB_PERSON_CHANGED = "{name} is aangepast."
WEB_PERSON_REMOVED = "{name} is verwijderd."
WEB_PROPOSAL_REJECTED = "Voorstel afgewezen; er is niets veranderd."
WEB_APPLY_AFTER = "Nextcloud is nog niet bijgewerkt: {reason}"

# -- the professional's contact plan page (web) ----------------------------------------------
PAGE_CONTACTS_LINK = "Contactplan: afspraken, reeksen, afbouwen en nazorg"
PAGE_CONTACTS_TITLE = "Contactplan {family}"
PAGE_CONTACTS_HEADING = "Contactplan: {family}"
PAGE_CONTACTS_SERIES = "Vaste afspraken (reeksen)"
PAGE_CONTACTS_NO_SERIES = "Er zijn nog geen vaste afspraken."
WEB_CONTACTS_RHYTHM = "{every} op {weekday} om {time}, van {first} tot en met {until}"
PAGE_CONTACTS_WITH = "Wie is erbij: {names}"
WEB_CONTACTS_NOBODY = "nog niemand gekozen"
PAGE_CONTACTS_WHERE = "Waar: {location}"
PAGE_CONTACTS_NEXT = "De volgende keren"
PAGE_CONTACTS_NO_NEXT = "Geen afspraken meer in deze reeks."
PAGE_CONTACTS_MOVED = "verzet, was {was}"
PAGE_CONTACTS_CANCELLED = "gaat niet door"
PAGE_CONTACTS_ONE = "Eén keer verzetten of afzeggen"
PAGE_CONTACTS_WHICH = "Welke keer?"
PAGE_CONTACTS_MOMENTS = "Losse afspraken"
PAGE_CONTACTS_NO_MOMENTS = "Er zijn nog geen losse afspraken."
PAGE_CONTACTS_NEW_MOMENT = "Losse afspraak plannen"
PAGE_CONTACTS_NEW_SERIES = "Vaste afspraak plannen (een reeks)"
PAGE_CONTACTS_TITLE_FIELD = "Titel (iedereen in de agenda ziet die: geen diagnose, geen namen)"
PAGE_CONTACTS_START = "Wanneer (JJJJ-MM-DD UU:MM)"
PAGE_CONTACTS_FIRST = "De eerste keer (JJJJ-MM-DD UU:MM)"
PAGE_CONTACTS_MINUTES = "Hoe lang (minuten)"
PAGE_CONTACTS_KIND = "Soort afspraak"
WEB_CONTACTS_KINDS = {"contact": "contactmoment", "evaluation": "evaluatie",
                       "network_meeting": "netwerkberaad", "aftercare": "nazorg"}
PAGE_CONTACTS_EVERY = "Om de hoeveel weken (1 tot en met 8)"
PAGE_CONTACTS_UNTIL = "Tot en met (JJJJ-MM-DD)"
PAGE_CONTACTS_PARTICIPANTS = "Wie is erbij?"
PAGE_CONTACTS_LOCATION = "Waar (niet verplicht)"
PAGE_CONTACTS_PLAN = "Inplannen"
PAGE_CONTACTS_NEW_START = "Nieuwe tijd (JJJJ-MM-DD UU:MM)"
PAGE_CONTACTS_MOVE = "Verzetten"
PAGE_CONTACTS_CANCEL = "Afzeggen"
PAGE_CONTACTS_WHEN = "{start} · {minutes} minuten · {kind}"
PAGE_CONTACTS_TAPER = "Afbouwen"
PAGE_CONTACTS_TAPER_INTRO = (
    "Minder vaak afspreken, en taken naar het netwerk. Hieronder staat het voorstel; er "
    "verandert pas iets als je op de knop drukt."
)
WEB_CONTACTS_TAPER_LINE = (
    "{title}: nu elke {old} weken. Vanaf {start} elke {new} weken, tot en met {until}."
)
WEB_CONTACTS_HAND_OVER_LINE = "Taak naar het netwerk: {what} gaat over naar {to}."
PAGE_CONTACTS_TAPER_DO = "Afbouwen zoals voorgesteld"
PAGE_CONTACTS_CLOSING = "Einde van de zorg en nazorg"
PAGE_CONTACTS_CLOSING_NONE = "Er is nog geen einddatum van de zorg."
PAGE_CONTACTS_CLOSING_ON = "De zorg stopt op {day}."
PAGE_CONTACTS_AFTERCARE = "Nazorg: even bijpraten op"
PAGE_CONTACTS_CLOSING_FIELD = "Laatste dag van de zorg (JJJJ-MM-DD)"
PAGE_CONTACTS_TAPER_FIELD = "Nazorg na het einde, met komma's (bijvoorbeeld 2w,1m,3m,6m)"
PAGE_CONTACTS_STRIPS_FIELD = "Strippenkaart: hoe vaak mag het gezin daarna nog bellen?"
PAGE_CONTACTS_SAVE = "Opslaan"
PAGE_CONTACTS_STRIPS = "Strippenkaart"
PAGE_CONTACTS_USE_STRIP = "Het gezin belde: één keer afstrepen"
PAGE_CONTACTS_EVALUATIONS = "Evaluaties"
PAGE_CONTACTS_NO_EVALUATIONS = "Er zijn nog geen evaluaties."
PAGE_CONTACTS_EVALUATION = "Evaluatie van {day}"
PAGE_CONTACTS_EVALUATION_MOMENT = "Bij: {title}"
PAGE_CONTACTS_EVALUATION_NOTES = "Wat is er besproken?"
PAGE_CONTACTS_EVALUATION_NEXT = "Waar kijken we de volgende keer naar?"
PAGE_CONTACTS_EVALUATION_NETWORK = "Wat deed het netwerk?"
PAGE_CONTACTS_EVALUATION_DID = "Wat deed {name}?"
PAGE_CONTACTS_EVALUATION_SCORE = (
    "Hoe goed redden gezin en netwerk het zelf? (cijfer 1 tot en met 10, niet verplicht)"
)
PAGE_CONTACTS_EVALUATION_SCORED = "Zelf redden: {score} van de 10"
PAGE_CONTACTS_EVALUATION_ON = "Datum (JJJJ-MM-DD)"
PAGE_CONTACTS_EVALUATION_WHICH = "Bij welke afspraak? (niet verplicht)"
PAGE_CONTACTS_EVALUATION_NONE = "geen"
PAGE_CONTACTS_EVALUATION_NEW = "Evaluatie vastleggen"
PAGE_CONTACTS_EVALUATION_SAVE = "Vastleggen"
WEB_START_PAST = "ligt in het verleden ({value}); kies een moment na nu"
WEB_CONTACT_SERIES_ADDED = "Ingepland: {title}, {every} vanaf {start}."
WEB_CONTACT_PLAN_SAVED = "Einde van de zorg, nazorg en strippenkaart zijn opgeslagen."
WEB_TAPER_DONE = "Afgebouwd zoals voorgesteld."
WEB_EVALUATION_SAVED = "De evaluatie van {day} is vastgelegd."
TITLE_NAMES_NEVER = (
    "gebruik een neutrale titel: anderen zien die in hun agenda, dus geen naam van iemand "
    "die nooit betrokken mag worden"
)

# -- the professional's families, answers and network map pages (web) -----------------------
PAGE_PRO_NONE_YET = "Je hebt nog geen gezinnen. Maak hieronder een nieuw gezin."
PAGE_PRO_STATUS_LABEL = "Status van {family}"
PAGE_PRO_STATUS_CHANGE = "Status veranderen"
PAGE_PRO_STATUS_HINT = (
    "Bij nazorg of gesloten stoppen de gewone afspraken en begint de nazorg.")
WEB_STATUS_NAMES = {"active": "actief", "scaling_down": "afschalen", "aftercare": "nazorg",
                     "closed": "gesloten"}
PAGE_NEW_FAMILY = "Nieuw gezin"
PAGE_NEW_FAMILY_INTRO = (
    "Jij wordt de eerste hulpverlener van het gezin. Daarna voeg je de mensen toe.")
PAGE_NEW_FAMILY_NAME = "Naam van het gezin (bijvoorbeeld Gezin Bakker)"
PAGE_NEW_FAMILY_SLUG = (
    "Korte naam voor in het adres (niet verplicht; kleine letters, cijfers en streepjes)")
PAGE_NEW_FAMILY_BUTTON = "Gezin maken"
PAGE_ANSWERS_LINK = "Antwoorden op de formulieren, per stap"
PAGE_MAP_LINK = "Netwerkkaart en hoe het netwerk veranderde"
PAGE_ANSWERS_TITLE = "Antwoorden {family}"
PAGE_ANSWERS_HEADING = "Antwoorden: {family}"
PAGE_ANSWERS_INTRO = (
    "Wat het gezin en het netwerk in de formulieren invulden, per stap. Nieuwe antwoorden "
    "komen hier als je ze ophaalt.")
PAGE_ANSWERS_PULL = "Antwoorden ophalen"
PAGE_ANSWERS_WAITING = "Open voorstellen: {count}."
PAGE_ANSWERS_TO_PROPOSALS = "Bekijk de voorstellen"
PAGE_ANSWERS_NONE = "Nog geen antwoorden."
PAGE_ANSWERS_BY = "Ingevuld door {name} op {at}"
PAGE_ANSWERS_PRIVATE = "(alleen voor jou)"
PAGE_ANSWERS_EMPTY = "-"
PAGE_MAP_TITLE = "Netwerkkaart {family}"
PAGE_MAP_PAGE_HEADING = "Netwerkkaart: {family}"
PAGE_MAP_DOWNLOAD = "Netwerkkaart als Word-document"
PAGE_MAP_HISTORY = "Eerdere netwerkkaarten"
PAGE_MAP_HISTORY_NONE = "Er is nog geen netwerkkaart gemaakt."
PAGE_MAP_HISTORY_LINE = "{on} · gemaakt via {source} · {count} mensen"
PAGE_MAP_JOINED = "Erbij: {names}"
PAGE_MAP_LEFT = "Niet meer: {names}"
WEB_MAP_SOURCES = {"hulpverlener": "de hulpverlener", "document": "het Word-document",
                    "evaluatie": "de evaluatie"}
WEB_MAP_SOURCE_FORM = "het formulier {form}"
WEB_FAMILY_CREATED = "{name} is gemaakt. Voeg nu de mensen toe."
WEB_NEW_FAMILY_ROLE = "hulpverlener"
WEB_STATUS_SET = "{name} heeft nu status {status}."
WEB_ANSWERS_PULLED = "{read} nieuwe antwoorden gelezen, {proposals} nieuwe voorstellen."
WEB_ANSWERS_PULL_PROBLEMS = "Let op: {problems}"

# -- the professional's documents page (web) ------------------------------------------------
PAGE_DOCUMENTS_LINK = "Stukken en Word-documenten"
PAGE_DOCUMENTS_TITLE = "Stukken {family}"
PAGE_DOCUMENTS_HEADING = "Stukken: {family}"
PAGE_DOCUMENTS_INTRO = (
    "De stukken in de map van het gezin. Iemand uit het netwerk ziet een stuk pas als het "
    "gezin daar ja op zegt.")
PAGE_DOCUMENTS_LIST = "Stukken van het gezin"
PAGE_DOCUMENTS_NONE = "Er zijn nog geen stukken."
PAGE_DOCUMENTS_DETAILS = "{kind} · over {about} · bestand: {file_name}"
WEB_DOCUMENTS_SEEN = {0: "Niemand uit het netwerk kan dit zien.",
                       1: "1 persoon uit het netwerk kan dit zien."}
WEB_DOCUMENTS_SEEN_MANY = "{count} mensen uit het netwerk kunnen dit zien."
PAGE_DOCUMENTS_REMOVE = "Verwijderen"
PAGE_DOCUMENTS_REMOVE_ASK = (
    "Weet je het zeker? '{title}' gaat uit het dossier, met elke ja die ervoor gegeven is. "
    "Niemand uit het netwerk kan het dan nog zien.")
PAGE_DOCUMENTS_REMOVE_YES = "Ja, verwijder '{title}'"
PAGE_DOCUMENTS_REMOVE_NO = "Nee, terug"
PAGE_DOCUMENTS_UPLOAD = "Uitleg toevoegen (psycho-educatie)"
PAGE_DOCUMENTS_UPLOAD_HINT = (
    "Kies een neutrale titel: het netwerk kan die later zien. Zet geen diagnose naast een "
    "naam. Niemand uit het netwerk ziet het stuk tot het gezin ja zegt.")
PAGE_DOCUMENTS_FILE = "Bestand"
PAGE_DOCUMENTS_TITLE_FIELD = "Titel"
PAGE_DOCUMENTS_ABOUT = "Over wie gaat het?"
PAGE_DOCUMENTS_ABOUT_YOUTH = "De jongere van het gezin"
PAGE_DOCUMENTS_SENSITIVITY = "Hoe gevoelig is het?"
WEB_DOCUMENTS_SENSITIVITIES = {"normal": "gewoon", "sensitive": "gevoelig",
                                "health": "over gezondheid"}
PAGE_DOCUMENTS_UPLOAD_BUTTON = "Toevoegen"
PAGE_DOCUMENTS_SHEET = "Kant-en-klaar uitlegblad toevoegen"
PAGE_DOCUMENTS_SHEET_FIELD = "Uitlegblad"
PAGE_DOCUMENTS_SHEET_OPTION = "{title} (voor {audience})"
PAGE_DOCUMENTS_SHEET_BUTTON = "Blad toevoegen"
PAGE_DOCUMENTS_NO_SHEETS = "Er zijn geen uitlegbladen meer om toe te voegen."
PAGE_DOCUMENTS_WORD = "Word-documenten voor het dossier"
PAGE_DOCUMENTS_WORD_INTRO = (
    "zolicht vult het document met wat in het dossier staat. Download het om verder in te "
    "vullen, of zet het meteen in de map van het gezin.")
PAGE_DOCUMENTS_FOR = "Voor wie?"
PAGE_DOCUMENTS_VERSION = "Versie"
PAGE_DOCUMENTS_DOWNLOAD = "Downloaden"
PAGE_DOCUMENTS_FINAL = "Definitief maken (lege velden weg, status definitief)"
PAGE_DOCUMENTS_STORE = "In de map van het gezin zetten"
PAGE_DOCUMENTS_FILLED = "Ingevuld Word-document"
PAGE_DOCUMENTS_FINALIZE = "Definitief maken"
PAGE_DOCUMENTS_FINALIZE_HINT = (
    "Lege velden gaan weg; versie en status 'definitief' komen erin. Je krijgt het document "
    "terug om te bewaren.")
PAGE_DOCUMENTS_FINALIZE_BUTTON = "Definitief maken en downloaden"
PAGE_DOCUMENTS_READ = "Ingevuld document teruglezen"
PAGE_DOCUMENTS_READ_HINT = (
    "Wat je invulde over taken, de JIM, wat iemand kan bieden en de achterwacht wordt een "
    "voorstel. Er verandert pas iets als jij een voorstel aanneemt.")
PAGE_DOCUMENTS_READ_BUTTON = "Teruglezen"
WEB_DOCUMENTS_WAITING = {1: "Er wacht 1 voorstel op je."}
WEB_DOCUMENTS_WAITING_MANY = "Er wachten {count} voorstellen op je."
PAGE_DOCUMENTS_TO_PROPOSALS = "Naar de voorstellen"
WEB_DOCUMENT_ADDED = (
    "'{title}' staat in de map van het gezin. Niemand uit het netwerk kan het zien.")
WEB_SHEET_ADDED = (
    "Uitlegblad '{title}' staat in de map van het gezin, over {about}. Niemand uit het "
    "netwerk kan het zien.")
WEB_DOCUMENT_REMOVED = (
    "'{title}' is verwijderd uit het dossier. Niemand uit het netwerk kan het nog zien.")
WEB_WORD_STORED = (
    "{kind} staat in de map van het gezin als {file_name}. Niemand uit het netwerk kan het "
    "zien.")
WEB_WORD_STORED_FINAL = (
    "{kind} staat definitief in de map van het gezin als {file_name}. Niemand uit het "
    "netwerk kan het zien.")
WEB_READ_BACK = "Uit het document: {count} nieuwe voorstellen."
WEB_READ_BACK_ONE = "Uit het document: 1 nieuw voorstel."
WEB_READ_BACK_PROBLEMS = "Niet gebruikt: {problems}"
WEB_FILE_TOO_BIG = "het bestand is te groot: hoogstens {limit} MB"
WEB_FILE_NO_NAME = "kies een bestand"
WEB_NOT_WORD = "dit is geen Word-document (.docx) dat zolicht kan lezen"
WEB_WRONG_KIND = "dit is geen {kind} maar een {found}"
WEB_VERSION_RULE = "een versie is een nummer, zoals 1 of 2.1 ({value})"
WEB_DOCUMENT_FIELD_NAMES = {
    "file": "bestand", "title": "titel", "subject": "over wie", "about": "voor wie",
    "file_name": "bestandsnaam", "sensitivity": "gevoeligheid", "sheet": "uitlegblad",
    "kind": "soort", "version": "versie",
}
