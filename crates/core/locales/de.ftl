# Deutsch. Duzen, wie Discord. Produktnamen (TensorFlow, PyTorch, versus, /help und die anderen
# Befehle) werden nicht übersetzt; Zitate aus den Artikeln laufen nie durch diese Datei.

## Listen und kleine Wörter

list-and = { $init } und { $last }
quoted-word = „{ $word }“
that-word = das
this-topic = dieses Thema

## Fragen, die versus nicht annimmt

no-question = Darin habe ich keine Frage gefunden. Frag mich, ob TensorFlow oder PyTorch besser zu einem Einsatzzweck passt, oder nach einem Fakt über die beiden; tippe /help, um zu sehen, wie.
other-technology = Das ist eine Wahl zwischen anderen Technologien; ich vergleiche nur TensorFlow und PyTorch (und die Alternativen, die meine Quellen nennen). Tippe /help, um zu sehen, was du fragen kannst.
out-of-scope = Ich beantworte nur Fragen zur Wahl zwischen TensorFlow und PyTorch oder zu ihrer Nutzung (und zu den Alternativen, die meine Quellen nennen: JAX, scikit-learn, ONNX Runtime, Hugging Face, gehostete Modell-APIs). Tippe /help, um zu sehen, was du fragen kannst.
what-i-answer = Ich beantworte Fragen zu TensorFlow oder PyTorch anhand von fünf Vergleichsartikeln: was zu einem Einsatzzweck passt, wie die beiden bei etwas abschneiden oder was die Quellen über eines davon sagen. Tippe /help, um zu sehen, wie.
declined-code = Das verlangt, Code zu schreiben, und das leisten meine Quellen nicht. { what-i-answer }
declined-debugging = Das ist eine Bitte um Hilfe bei einem Fehler, und dazu sagen meine Quellen nichts. { what-i-answer }
declined-installation = Das ist eine Bitte um Hilfe bei Installation oder Einrichtung, und dazu sagen meine Quellen nichts. { what-i-answer }
declined-hardware = Das ist die Frage, welche Hardware du kaufen sollst, und dazu sagen meine Quellen nichts. { what-i-answer }
declined-theory = Das fragt nach Theorie des maschinellen Lernens, und die vermitteln meine Quellen nicht. { what-i-answer }
declined-papers = Das fragt nach Fachartikeln, und die führen meine Quellen nicht auf. { what-i-answer }
declined-other-tools = Das ist eine Wahl zwischen anderen Tools; meine Quellen vergleichen TensorFlow und PyTorch und nennen die anderen nur als Alternativen. { what-i-answer }
declined-chatter = Das ist keine Frage zu TensorFlow oder PyTorch. { what-i-answer }
nothing-matches = Nichts in meinen Quellen passt zu dieser Frage.
not-covered = Ich weiß nur, was meine Quellen über TensorFlow und PyTorch sagen, und dazu sagen sie nichts.
uncovered = Meine Quellen sagen nicht, wie TensorFlow und PyTorch für { $words } im Vergleich abschneiden, also wähle ich keines von beiden. Frag nach einem der Themen unten oder tippe /help.

## Urteile

verdict-open = Meine Quellen vergleichen TensorFlow und PyTorch bei { $label }, ohne einen Sieger zu nennen; das sagen sie.
verdict-neither-elsewhere = Keines von beiden, für { $label }: { $agreeing } von { $total } { $total ->
        [one] Quelle, die sich dazu äußert,
       *[other] Quellen, die sich dazu äußern,
    } { $agreeing ->
        [one] verweist
       *[other] verweisen
    } anderswohin — { $alternative }.
verdict-neither = Keines von beiden, für { $label }: { $agreeing } von { $total } { $total ->
        [one] Quelle, die sich dazu äußert,
       *[other] Quellen, die sich dazu äußern,
    } { $agreeing ->
        [one] verweist
       *[other] verweisen
    } auf ein anderes Tool.
verdict-tie = Unentschieden bei { $label }: { $agreeing } von { $total } { $total ->
        [one] Quelle, die sich dazu äußert,
       *[other] Quellen, die sich dazu äußern,
    } { $agreeing ->
        [one] sieht
       *[other] sehen
    } beide gleichauf, und der Rest entscheidet es nicht.
verdict-side = { $side } für { $label }: { $agreeing } von { $total } { $total ->
        [one] Quelle, die sich dazu äußert,
       *[other] Quellen, die sich dazu äußern,
    } { $agreeing ->
        [one] spricht
       *[other] sprechen
    } sich für { $side } aus.
faq-verdict-tie = Unentschieden bei { $label }: Meine Quellen beantworten genau diese Frage und sehen beide etwa gleichauf.
faq-verdict-neither = Keines von beiden, für { $label }: Meine Quellen beantworten genau diese Frage und verweisen auf ein anderes Tool.
faq-verdict-side = { $side } für { $label }: Meine Quellen beantworten genau diese Frage zu seinen Gunsten.
faq-verdict-open = Meine Quellen beantworten genau diese Frage:
alternative-instead = Keines von beiden: Für das, was du beschreibst, empfehlen meine Quellen { $name } statt TensorFlow oder PyTorch.
leaving-aside = { $labels } beiseitegelassen, wie gewünscht: { $answer }
overall-instead = Dazu sagen meine Quellen nichts direkt. Insgesamt: { $answer }
facts-about = Was meine Quellen über { $label } sagen:
facts = Was meine Quellen sagen:

## Wo die Quellen sich widersprechen

dissent = { $title } ({ $source }) { $lean ->
    [tensorflow] neigt zu TensorFlow
    [pytorch] neigt zu PyTorch
    [tie] sieht beide gleichauf
   *[neither] verweist auf ein ganz anderes Tool
}.
different-figures = Die Quellen nennen unterschiedliche Zahlen für { $fact } (neueste zuerst): { $values }.
different-claims = Die Quellen sagen Unterschiedliches über { $fact } (neueste zuerst): { $values }.
figure = { $source }: { $value }
figure-dated = { $source }, Stand { $date }: { $value }

## Aufbau einer Antwort

headline-tie = Unentschieden
headline-neither = Keines von beiden
headline-none = Kein Urteil
undated = undatiert
overall = insgesamt
answer-about = Zu { $topic }
answer-sources-say = Was die Quellen sagen
answer-disagree = Wo die Quellen sich widersprechen
answer-footer-agree = { $agreeing } von { $total } { $total ->
        [one] Quelle
       *[other] Quellen
    } { $agreeing ->
        [one] stimmt
       *[other] stimmen
    } überein · Zitate wörtlich aus den zitierten Artikeln, in deren Sprache
answer-footer = Zitate wörtlich aus den zitierten Artikeln, in deren Sprache
unanswered-title = Darauf habe ich keine Antwort
unanswered-known = Ich kenne mich aus mit: { $topics }.
unanswered-try = Versuch `/ask TensorFlow oder PyTorch für mobile Apps?` oder `/compare` mit einem Merkmal wie *Mobile/Edge*.
cli-verdict = Urteil: { $headline } ({ $topic })
cli-part = Teil { $number } von { $total }:
cli-disagree = Wo die Quellen sich widersprechen: { $sentence }
cli-known = Ich kann antworten zu: { $topics }.
cli-try = Versuch: versus ask "TensorFlow oder PyTorch für mobile Apps?" oder versus compare "Mobile/Edge"

## /compare und /sources

compare-nothing-title = Nichts zu vergleichen
compare-nothing = Keine Vergleichszeile passt zu „{ $feature }“.
compare-try = Versuch eines dieser Merkmale: { $suggestions }.
compare-winner = Sieger
compare-title = Vergleich: { $feature }
compare-footer-shown = { $shown } von { $total } Zeilen gezeigt · Zitate wörtlich
compare-footer = { $total } { $total ->
        [one] Zeile
       *[other] Zeilen
    } · Zitate wörtlich
sources-title = Meine { $count } Quellen
sources-description = Jede Antwort zitiert diese Artikel wörtlich und nennt, welcher was gesagt hat. Wo sie sich widersprechen, sage ich es.

## /help

help-title = versus — TensorFlow oder PyTorch?
help-description = Ich antworte mit einem Urteil und den Zitaten dahinter, jedes mit seiner Quelle belegt.
help-mention = Erwähne mich
help-mention-example = `@versus PyTorch oder TensorFlow für die Forschung?` — ich antworte auf deine Nachricht.
help-admins = (Admins)
help-channel = Für Hilfe bei der Arbeit selbst (Code, Fehler, Einrichtung, Hardware, Theorie) frag in { $channel }.

## Fehler und Hinweise

error-title = Entschuldigung
error-admins-only = Nur versus-Admins können /{ $command } verwenden. Bitte einen Server-Admin, deine Rolle zu `admin_role_ids` in config.toml hinzuzufügen.
error-unknown-command = Den Befehl `{ $name }` kenne ich nicht. Versuch /help.
error-internal = Beim Antworten ist auf meiner Seite etwas schiefgelaufen; es wurde protokolliert. Versuch es gleich noch einmal.
cooldown = Du fragst sehr schnell! Bitte warte noch { $seconds } { $seconds ->
        [one] Sekunde
       *[other] Sekunden
    } bis zur nächsten Frage.
feedback-thanks = Danke für dein Feedback! Es hilft den Admins, meine Antworten zu verbessern.

## Die Befehle

cmd-ask = Frag, ob TensorFlow oder PyTorch für etwas passt; erhalte ein Urteil mit zitierten Quellen
opt-ask-question = z. B. TensorFlow oder PyTorch für mobile Apps?
opt-ask-question-name = frage
help-ask = Frag alles zu TensorFlow vs PyTorch: *TensorFlow oder PyTorch für mobile Apps?*, *welches ist leichter zu debuggen?*, *Wie viele GitHub-Sterne hat PyTorch?*
cmd-compare = Die Zeile jeder Quelle zu einem Merkmal, nebeneinander
opt-compare-feature = Ein Merkmal oder Thema, z. B. Mobile/Edge
opt-compare-feature-name = merkmal
help-compare = Die Zeile jeder Quelle zu einem Merkmal, nebeneinander: *Mobile/Edge*, *Model Serving*, *GitHub stars*.
cmd-sources = Die Artikel, die versus zitiert, mit ihrem Datum
help-sources = Die Artikel, die ich zitiere, mit ihrem Datum.
cmd-help = Was versus kann, mit Beispielfragen
cmd-reindex = Admins: die Wissensbasis aus faq/ neu laden
help-reindex = Lädt das Wissen nach einer Änderung an faq/ neu; eine fehlerhafte Änderung wird gemeldet, und das bisherige Wissen antwortet weiter.
cmd-import = Admins: einen Artikel (angehängte .html, .md oder .txt oder die URL einer Seite) in faq/ importieren
opt-import-file = Der Artikel, gespeichert als .html, .htm, .md, .markdown oder .txt
opt-import-file-name = datei
opt-import-force = Einen früheren Import desselben Artikels ersetzen
opt-import-force-name = erzwingen
opt-import-id = Quell-ID, unter der er gespeichert wird (Standard: aus dem Dateinamen)
opt-import-id-name = id
opt-import-url = Oder die https-Adresse des Artikels, auf einem Host, den die Konfiguration erlaubt
opt-import-url-name = url
help-import = Häng einen Artikel an (.html, .md oder .txt bis 1 MB) oder gib seine URL an: Ich importiere ihn in faq/, prüfe ihn, indexiere neu und liste auf, was ich eingeordnet habe, welche Zeilen ich ausgelassen habe und jedes neue Thema.
cmd-gaps = Admins: was versus nicht beantworten konnte, und als nicht hilfreich markierte Antworten
opt-gaps-days = Wie viele Tage zurückgeschaut wird (Standard 30)
opt-gaps-days-name = tage
help-gaps = Die Fragen, die ich nicht beantworten konnte (gruppiert, mit Anzahl), und die mit 👎 markierten Antworten der letzten Tage.
