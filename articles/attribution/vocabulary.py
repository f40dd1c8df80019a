"""The words the attribution finder reads by: speech verbs, speakers' titles, news agencies.

Kept in one place, so tuning what counts as a speaker or a claim is a change to lists, not code.
"""


def _words(text):
    return frozenset(text.split())


# Only lowercase forms count, so a sentence-initial "Said differently," or "Reported cases" is safe.
SPEECH_VERBS = _words(
    "said says say told tells tell stated announced announces warned warns warn claimed claims "
    "claim confirmed confirms confirm added adds noted notes note reported reports report wrote "
    "writes posted posts insisted insists insist acknowledged alleged asserted declared explained "
    "recalled tweeted denied denies stressed stresses admitted admits conceded clarified "
    "reiterated emphasised emphasized revealed disclosed echoed slammed cautioned assert asserts "
    "allege alleges conveyed termed urged urges vowed vows complained lamented "
    "countered replied remarked predicted predicts underscored underlined "
    "argue argues argued contend contends contended hinted signalled signaled accused accuses "
    "downplayed whispered recounted recounts quipped joked exclaimed affirmed reaffirmed disputed "
    "boasted retorted confessed complain complains assured reassured informed criticized "
    "criticised criticizes criticises condemned condemns"
)
# Opinion verbs attribute only with a named or vague speaker: "the data suggest" is not a source.
OPINION_VERBS = _words(
    "suggest suggests suggested indicate indicates indicated believe believes believed "
    "think thinks estimate estimates fear fears expect expects "
    "expected feel feels felt reckoned speculated estimated"
)
# Verbs without the -s a single speaker takes: "a news report that ..." is a noun.
BASE_FORMS = _words(
    "say tell warn claim confirm note report insist suggest indicate believe argue think "
    "estimate contend fear expect assert allege feel urge vow predict"
)
# Verbs that can come before their speaker, after a quote or a comma: "..., said the ministry."
INVERTING_VERBS = _words(
    "said says added adds wrote writes noted explained recalled stated warned stressed insisted "
    "claimed reported confirmed announced reports notes warns explains insists claims confirms "
    "announces states "
    # Plural speakers invert too: "..., say the Mirror", "..., say officials".
    "say"
)
# "with NATO officials warning of ...": the party stands between "with" and the participle.
PARTICIPLES = _words("warning saying claiming insisting arguing noting reporting stating telling")
# "Warning of ..., scientists released a report": an opening participle whose subject follows.
OPENING_PARTICIPLES = _words("Warning Saying Claiming Insisting Arguing Stressing Noting")
# "The bank raised rates, saying inflation is high": the main clause's subject is speaking.
COMMA_PARTICIPLES = PARTICIPLES | _words("adding explaining stressing telling warning calling")
# "Media are reporting ...", "He was quoted as saying ...": the subject stands before these.
AUXILIARIES = _words("is are was were")
# The first verb of a clause may be one of these: "The agency did not reveal ... but said".
FINITE_AUXILIARIES = AUXILIARIES | _words("did does do has have had will would could can")
# Verbs that report speech only after a quote ("..., Sanders continued.") or before "that" or
# a colon ("the report states that", "the company responded that"): elsewhere "continued",
# "states" or "responded to the fire" are something else.
QUOTE_CLOSING_VERBS = _words(
    "maintained maintains testified continued continues states responded responds answered "
    "answers agreed agrees observed observes mentioned mentions recognised recognises recognized "
    "recognizes acknowledges determined concluded ruled rules reasoned implied forecast forecasts "
    "projected maintain intimated intimates"
)
# "played down reports of a rift": what a speaker plays down.
DOWNPLAYED = _words("reports report speculation suggestions talk risk risks threat claims")
# "declared a state of emergency", "declared war": acts, not claims.
DECLARED_ACTS = _words(
    "a an state states war victory martial independence bankruptcy emergency emergencies"
)
# "raised the death toll in his state to 17": a figure the subject gives anew.
REVISING_VERBS = _words("raised raises lowered lowers revised revises")
# "put the death toll at 56": a figure given by the subject.
FIGURES = _words("toll tally figure number count")
# "The military denied reports that ...", "amid reports of ...": reports nobody names.
REPORT_TAKERS = _words(
    "denied denies deny denying dismissed dismisses dismissing rejected rejects rejecting "
    "refuted confirm confirmed confirming verify verifying investigating amid despite "
    "following after about with"
)
# "reports from soldiers", "claims of fraud": a noun, whatever it looks like.
NOUN_FORMS = _words("reports report claims claim estimates notes")
# Subjects without a plural -s that still take "say": "the police say", "people say".
COLLECTIVE_SUBJECTS = _words("police people media staff public")
# Passive frames with their agent after "by": "is said by economists to be", "described by
# the military as".
AGENT_FRAMES = {
    "said": "to", "thought": "to", "believed": "to", "described": "as", "identified": "as",
}  # fmt: skip
# Verbs in the past tense without -ed that end a subject: "The club put out a statement, saying".
IRREGULAR_PAST = _words(
    "said told made took gave sent held met put cut set kept left rose fell won lost began "
    "spoke wrote brought bought sold paid hit struck ran led saw found came went got sought "
    "thought fought caught drew threw grew knew meant felt built spent chose"
)
# "made the accusation", "makes these claims": speech as a noun after "made".
MAKING_VERBS = _words("made makes")
CLAIM_NOUNS = _words(
    "accusation accusations allegation allegations claim claims comment comments remark remarks "
    "statement statements announcement assertion warning warnings assessment admission denial "
    "insistence argument view belief suggestion"
)
# "a study published in Nature", "a report released by the ministry": a document's source.
PUBLISHED = _words("published released issued")
# "issued a statement", "released statements": the subject speaks through them.
ISSUING_VERBS = _words("issued issues released releases published")
STATEMENTS = _words("statement statements communiqué")
# "researchers found that ...", "a study shows that ...": findings reported, with a "that".
FINDING_VERBS = _words("found finds find showed shows show concluded concludes")
# Participles that may sit inside a speaker's phrase: "analysts polled by Reuters".
REDUCED_PARTICIPLES = _words("polled surveyed quoted cited interviewed contacted briefed")
# "described the move as ...", "expressed concern that ...": a frame that reports speech.
DESCRIBING_VERBS = _words(
    "described describes describing identified identifies hailed hails characterised "
    "characterises characterized characterizes portrayed portrays"
)
NAMING_VERBS = _words("called calls dubbed branded labelled labeled")
EXPRESSING_VERBS = _words("expressed expresses voiced voices raised raises cited cites")
EXPRESSED = _words(
    "concern concerns fear fears doubt doubts hope optimism pessimism confidence alarm "
    "scepticism skepticism"
)
# "... as reported by the Daily Mail", "first reported by Axios": the agent after "by".
REPORTED_BY = _words("reported announced revealed disclosed confirmed carried published")
# Words between such a verb and its "by": "reported earlier on Friday by Axios".
REPORTED_BY_FILLERS = _words("first earlier initially previously late early on last this")
# "..., citing government sources": a second source, when the cited party names someone.
CITING = _words("citing quoting")
# Headlines ("WHO Says 19 Dead") capitalise their verbs; only these are read as speech there.
HEADLINE_VERBS = _words(
    "says say said warns warn tells told urges admits denies deny confirms confirm claims claim"
)
# Objects that make a speech verb mean something else: "said goodbye", "reported for duty".
NOT_SPEECH_OBJECTS = _words("goodbye farewell grace vows prayers nothing little")
# "the man accused of murder": a participle describing the subject, not a speech verb.
PASSIVE_PARTICIPLES = {("accused", "of"), ("accused", "by")}
REPORTED_DUTY = {("reported", "for"), ("reported", "sick")}
# "The video posted on Telegram shows ...": content, then a participle and a preposition, is a
# description of the content, not someone speaking.
CONTENT_NOUNS = _words(
    "video videos footage photo photos image images picture pictures clip post message "
    "statement report document letter figures data"
)
POSSESSIVE_PRONOUNS = _words("his her its their our my your this these those")
# "his chief of staff", "its Africa director": the owner was named earlier, the speaker is
# someone else a reader can check.
OWNERS = _words("his her its their our")
# Nouns that end like adverbs: "the family said" has no adverb before its verb.
NOUNS_IN_LY = _words("family ally allies assembly rally supply monopoly anomaly bully italy")
# Words that cannot be part of a speaker's name; meeting one ends the walk back from a verb.
STOP_WORDS = POSSESSIVE_PRONOUNS | _words(
    # Pronouns: "he said" points back to a party named earlier, and was reported there.
    "i you he she it we they me him us them who whom whose which that there what "
    "nobody no none everyone everybody someone somebody anyone anybody "
    # Auxiliaries and modals: "was told", "could have said".
    "is are was were be been being am do does did will would shall should can could may might "
    "must has have had "
    # Negation, conjunctions and clause openers: "after the central bank said".
    "not never but or nor so yet because while when after before as since if although though "
    "cannot where whereas than then until unless once whether however meanwhile also later earlier "
    "separately previously yesterday today again only just now still already"
)
# Words allowed between a subject and its verb: "the ministry also said", "Reuters has reported".
VERB_ADVERBS = _words(
    "also later earlier previously separately again has have had yesterday today then once "
    "first initially since now repeatedly publicly privately formally officially recently "
    # Sentence adverbs wire copy puts there: "Corriere dello Sport however say that ...".
    "meanwhile however further too likewise additionally subsequently nonetheless nevertheless "
    "therefore thus instead "
    # Emphatic auxiliaries: "The club do maintain that ...".
    "do does did"
)
# Words that open a time: "on Tuesday night", "last week", "late Sunday".
TIME_OPENERS = _words("on last this late early")
NP_LINKS = _words("of for at in from by with to and on during")
DETERMINERS = _words("the a an")
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
TIME_WORDS = _words(
    "monday tuesday wednesday thursday friday saturday sunday week month year morning "
    "afternoon evening night weekend"
)
# "according to plan" is an idiom, not a source.
IDIOMS = _words(
    "plan plans schedule rules rule law laws tradition custom protocol script procedure "
    "timetable book expectations instructions regulations performance performances ability "
    "abilities need needs merit merits size age seniority priority standards"
)
# Heads that never name anyone, whatever follows: "sources close to the Kremlin".
ANONYMOUS = _words("sources source people person insiders some many others rumours rumors")
# Heads that are vague unless an organisation is named: "analysts at Chatham House" is not.
COMMENTATORS = _words(
    "analysts analyst experts expert observers observer critics commentators economists "
    "economist reports forecasts estimates polls surveys studies media scientists researchers "
    "witnesses authorities attorneys "
    "lawyers forecasters seismologists supporters diplomats activists activist "
    "traders investors residents villagers locals survivors relatives neighbours neighbors "
    "protesters doctors medics rescuers workers"
)
# Outlets named only by a place or kind are vague ("the Portuguese press", "local news
# outlets"); with a name they are named ("NBC News", "state-run SANA news").
OUTLETS = _words("news media press outlets")
# One document, named by "the" or an owner ("the report", "its annual report"), or vague with
# "a" unless a body is named ("a new poll" is vague, "a Reuters poll" is not).
DOCUMENT_NOUNS = _words("report poll survey study release")
# "a group of scientists", "a team of NASA officials": the head is what follows "of".
COLLECTIVES = _words("group team panel number handful")
# Words that start place names: "New York", "South Korean".
COMPASS = _words("New North South East West Northern Southern Eastern Western")
# Roles that name nobody on their own: "officials said", "a senior official said", "a
# spokesman said". With a name, an acronym or a body they are named: "NATO officials",
# "officials in Warsaw", "a spokesman for the ministry".
UNNAMED_ROLES = _words("official officials spokesman spokeswoman spokesperson spokespeople")
# Spokespeople speak for a body on the record: "a Pentagon spokesman" names the Pentagon.
SPOKESPEOPLE = _words("spokesman spokeswoman spokesperson spokespeople")
# People named by no more than their role: "a police chief", "a top Cabinet Minister", "a
# human rights activist". With "a" or "an" and no body after them ("of the ISAF"), they are
# unnamed.
PERSON_ROLES = UNNAMED_ROLES | _words(
    "chief minister resident farmer member officer lawmaker diplomat doctor witness activist "
    "analyst expert source person insider aide adviser advisor commander soldier worker "
    "employee executive investigator prosecutor lawyer official leader"
)
# "a", "one", "another": an indefinite person names nobody unless a body says whose they are.
INDEFINITE = _words("a an one another")
# People named by what they do or are, told by their ending ("drivers", "a by-passer",
# "residents", "senators") or listed; unnamed, they are vague.
PERSON_ENDINGS = ("er", "or", "ist", "ian", "ent", "ant", "ee", "ive", "our")
PERSON_NOUNS = _words(
    "aides aide fans fan people men women staff crews families relatives allies youths "
    "witness witnesses source sources person persons insiders insider neighbours neighbors "
    "man woman boy girl pilots guards nurses patients victims"
)
NOT_PEOPLE = _words(
    "papers paper letters letter numbers number orders order borders border centers center "
    "centres centre headquarters waters water powers power sectors sector factors factor "
    "errors error filters filter records governments parliaments events event percent "
    "documents comments statements archives initiatives objectives incentives"
)
# Bodies spoken for as a group, named by the guide: "police said", "prosecutors said".
NAMED_GROUPS = _words(
    "police prosecutors defendants plaintiffs deputies troopers firefighters organisers organizers "
    "officers detectives"
)
# The singular of a generic group, pointed back to: "the witness said", "the source added".
GENERIC_PERSON = _words(
    "witness source resident bystander passer-by neighbour neighbor insider analyst expert "
    "observer critic activist survivor villager local protester doctor medic rescuer worker "
    "person"
)
# Collectives no reader can check: "Wall Street expects ...".
VAGUE_COLLECTIVES = frozenset({"wall street", "the street", "markets"})
# Titles that may stand before a name and its comma: "club Manager, Arsene Wenger said".
TITLES = PERSON_ROLES | _words(
    "manager coach coordinator director chairman chairwoman chair president minister secretary "
    "governor mayor commander head editor economist professor ceo ambassador envoy attorney "
    "judge sheriff senator representative general captain founder owner partner correspondent "
    "spokesman spokeswoman spokesperson"
)
# Ranks that are not a body: "a Senior official", "a Top aide".
RANKS = _words("senior top junior former deputy chief acting retired high ranking high-ranking")
# Places and governments are too wide to check: "US officials", "Afghan officials", "local
# officials", "government officials".
PLACE_WORDS = _words(
    "US U.S. UK U.K. local government administration federal state western eastern foreign"
)
# Whole-government modifiers that end like demonyms: "Afghan", "British", "Chinese", "Iraqi".
DEMONYM_ENDINGS = ("an", "ish", "ese", "i", "ch")
# "some analysts", "many economists", "unconfirmed reports", "a person familiar with ...".
VAGUE_MARKERS = _words(
    "some many unconfirmed unnamed anonymous familiar close briefed polled surveyed"
)
# "one of the sources", "two of the people": the head is what follows "of the".
QUANTIFIERS = _words(
    "one two three four five six seven eight nine ten several some many most each all both few"
)
OFFICIAL_HEADS = _words(
    "ministry ministries government kremlin pentagon department office embassy staff command "
    "council commission parliament presidency administration service army navy police "
    "cabinet secretariat headquarters agency committee court tribunal company firm club airline"
)
# Bodies that say whose a role is before it: "a Civil Affairs Ministry official" (a cabinet
# and a government are a whole government's: "a top Cabinet Minister" is vague).
BODIES = OFFICIAL_HEADS - PLACE_WORDS - _words("cabinet staff")
DOCUMENTS = {"statement": "press_release", "communiqué": "press_release"} | dict.fromkeys(
    _words("report readout transcript assessment memo decree study survey document"), "document"
)
# What finds or shows without a "that": "The report finds disasters are rising", "official
# results show"; "Police found a body" is no finding reported.
FINDING_SUBJECTS = (
    set(DOCUMENTS)
    | {noun + "s" for noun in DOCUMENTS}
    | _words("poll polls paper papers analysis results findings research statistics figures")
)
PLATFORMS = "Telegram|X|Twitter|Facebook|VKontakte|VK|Instagram|YouTube|TikTok"
NEWS_AGENCIES = {
    "Reuters": (), "Associated Press": ("AP",), "Agence France-Presse": ("AFP",), "TASS": (),
    "Interfax": (), "RIA Novosti": (), "BelTA": (), "Ukrinform": (), "UNIAN": (), "Xinhua": (),
    "Anadolu": (), "Kyodo": (), "Yonhap": (), "PAP": (), "dpa": (), "EFE": (), "ANSA": (),
}  # fmt: skip
# Words that only describe an agency or outlet: "the Interfax news agency" is Interfax.
DESCRIPTORS = _words("news agency state run owned wire service newspaper broadcaster")
ABBREVIATIONS = _words(
    "mr mrs ms dr lt gen col maj capt sgt adm cmdr gov sen rep rev st jr sr prof no vs "
    "jan feb mar apr jun jul aug sep sept oct nov dec approx dept est fig"
)
# A company's legal form, part of its name: "Expeditors International of Washington, Inc.".
CORPORATE_SUFFIXES = _words("inc corp ltd co llc plc bros ag sa nv")
# US states as AP writes them ("Little Rock, Ark.", "Mo. Senator Claire McCaskill") and
# companies' forms: like "U.S.", a sentence ends after one only before a word such as "The".
CAPITALISED_ABBREVIATIONS = CORPORATE_SUFFIXES | _words(
    "ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont "
    "neb nev okla ore pa tenn vt va wash wis wyo"
)
# After "U.S." or "p.m." only these words are taken to start a new sentence.
SENTENCE_STARTERS = _words("The A An It He She They We I This That These Those In On At But And")
OPENERS = "“‘\"'(«["
CLOSERS = "”’\"')»]"
DASHES = "—–"
