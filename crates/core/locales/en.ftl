# English: the reference. Every other language's file has every message here, with the same
# $placeholders. Product names (TensorFlow, PyTorch, versus, /help and the other commands)
# stay as they are in every language. Quotes from the articles are never in these files.

## Lists and small words

# A list of two or more: $init is the items before the last, already joined with ", ".
list-and = { $init } and { $last }
# One of the question's words, repeated in a reply.
quoted-word = "{ $word }"
# What a reply says when it names no word.
that-word = that
# The topic of a verdict when it has none.
this-topic = this

## Declines: questions versus does not take

no-question = I didn't find a question in that. Ask me which of TensorFlow or PyTorch suits a use, or a fact about them; type /help to see how.
other-technology = That is a choice between other technologies; I only compare TensorFlow and PyTorch (and the alternatives my sources name). Type /help to see what you can ask.
out-of-scope = I only answer questions about choosing between or using TensorFlow and PyTorch (and the alternatives my sources name: JAX, scikit-learn, ONNX Runtime, Hugging Face, hosted model APIs). Type /help to see what you can ask.
what-i-answer = I answer TensorFlow-or-PyTorch questions from five comparison articles: which suits a use, how they compare on something, or what the sources say about either. Type /help to see how.
declined-code = That asks for code to be written, which my sources don't do. { what-i-answer }
declined-debugging = That asks for help with an error, which my sources don't cover. { what-i-answer }
declined-installation = That asks for help installing or setting up, which my sources don't cover. { what-i-answer }
declined-hardware = That asks which hardware to get, which my sources don't cover. { what-i-answer }
declined-theory = That asks for machine-learning theory, which my sources don't teach. { what-i-answer }
declined-papers = That asks for papers, which my sources don't list. { what-i-answer }
declined-other-tools = That's a choice between other tools; my sources compare TensorFlow and PyTorch, and only name the others as alternatives. { what-i-answer }
declined-chatter = That's not a question about TensorFlow or PyTorch. { what-i-answer }
nothing-matches = Nothing in my sources matches that question.
not-covered = I only know what my sources say about TensorFlow and PyTorch, and they don't cover that.
# $words: the question's words no source places, each quoted, as a list.
uncovered = My sources don't say how TensorFlow and PyTorch compare for { $words }, so I won't pick one. Ask about one of the topics below, or type /help.

## Verdicts. $label is the topic's label; $side is TensorFlow or PyTorch; $agreeing of $total
## sources that speak to the topic agree.

verdict-open = My sources compare TensorFlow and PyTorch on { $label } without naming a winner; here is what they say.
verdict-neither-elsewhere = Neither, for { $label }: { $agreeing } of { $total } source(s) that speak to it point elsewhere — { $alternative }.
verdict-neither = Neither, for { $label }: { $agreeing } of { $total } source(s) that speak to it point to another tool.
verdict-tie = A tie on { $label }: { $agreeing } of { $total } source(s) that speak to it call them even, and the rest don't settle it.
verdict-side = { $side } for { $label }: { $agreeing } of { $total } source(s) that speak to it favour { $side }.
faq-verdict-tie = A tie on { $label }: my sources answer this very question and call them roughly even.
faq-verdict-neither = Neither, for { $label }: my sources answer this very question and point to another tool.
faq-verdict-side = { $side } for { $label }: my sources answer this very question in its favour.
faq-verdict-open = My sources answer this very question:
alternative-instead = Neither: what you describe is what my sources recommend { $name } for, rather than TensorFlow or PyTorch.
# $labels: the topics put aside, as a list; $answer: the rest of the answer.
leaving-aside = Leaving aside { $labels }, as you asked: { $answer }
overall-instead = My sources don't speak to that directly. Overall: { $answer }
facts-about = What my sources say about { $label }:
facts = What my sources say:

## Where sources disagree

# $lean: tensorflow, pytorch, tie or neither.
dissent = { $title } ({ $source }) { $lean ->
    [tensorflow] leans towards TensorFlow
    [pytorch] leans towards PyTorch
    [tie] calls them even
   *[neither] points to another tool altogether
}.
# $values: each source's figure, newest first, joined with "; ".
different-figures = Sources give different figures for { $fact } (newest first): { $values }.
different-claims = Sources say different things about { $fact } (newest first): { $values }.
figure = { $source }: { $value }
figure-dated = { $source }, as of { $date }: { $value }

## Layout words of an answer

headline-tie = Tie
headline-neither = Neither
headline-none = No verdict
undated = undated
overall = overall
answer-about = About { $topic }
answer-sources-say = What the sources say
answer-disagree = Where sources disagree
answer-footer-agree = { $agreeing } of { $total } source(s) agree · quotes are verbatim from the cited articles
answer-footer = quotes are verbatim from the cited articles
unanswered-title = I don't have an answer for that
unanswered-known = I know about: { $topics }.
unanswered-try = Try `/ask TensorFlow or PyTorch for mobile apps?` or `/compare` with a feature such as *Mobile/Edge*.
# The command line's layout.
cli-verdict = Verdict: { $headline } ({ $topic })
cli-part = Part { $number } of { $total }:
cli-disagree = Where sources disagree: { $sentence }
cli-known = I can answer about: { $topics }.
cli-try = Try: versus ask "TensorFlow or PyTorch for mobile apps?" or versus compare "Mobile/Edge"

## /compare and /sources

compare-nothing-title = Nothing to compare
compare-nothing = No comparison row matches “{ $feature }”.
compare-try = Try one of these features: { $suggestions }.
compare-winner = Winner
compare-title = Compare: { $feature }
compare-footer-shown = { $shown } of { $total } rows shown · quotes are verbatim
compare-footer = { $total } row(s) · quotes are verbatim
sources-title = My { $count } sources
sources-description = Every answer quotes these articles verbatim and cites which one said what. Where they disagree, I say so.

## /help

help-title = versus — TensorFlow or PyTorch?
help-description = I answer with a verdict and the quotes behind it, each cited to its source.
help-mention = Mention me
help-mention-example = `@versus PyTorch or TensorFlow for research?` — I reply to your message.
help-admins = (admins)
# $channel: a link to the server's own help channel.
help-channel = For help with the work itself (code, errors, setup, hardware, theory), ask in { $channel }.

## Errors and notices

error-title = Sorry
error-admins-only = Only versus admins can use /{ $command }. Ask a server admin to add your role to `admin_role_ids` in config.toml.
error-unknown-command = I don't know the command `{ $name }`. Try /help.
error-internal = Something went wrong on my side while answering; it has been logged. Please try again in a moment.
cooldown = You're asking quickly! Please wait { $seconds } more second(s) before the next question.
feedback-thanks = Thanks for the feedback! It helps the admins improve my answers.

## The slash commands: cmd-NAME is a command's description and help-NAME its line in /help;
## opt-NAME-OPTION is an option's description and opt-NAME-OPTION-name its name (lowercase,
## letters, digits, - _ and ' only, at most 32 characters). Descriptions: at most 100 characters.

cmd-ask = Ask TensorFlow or PyTorch for something; get a verdict with cited sources
opt-ask-question = e.g. TensorFlow or PyTorch for mobile apps?
opt-ask-question-name = question
help-ask = Ask anything about TensorFlow vs PyTorch: *TensorFlow or PyTorch for mobile apps?*, *which is easier to debug?*, *How many GitHub stars does PyTorch have?*
cmd-compare = Every source's row for one feature, side by side
opt-compare-feature = A feature or topic, e.g. Mobile/Edge
opt-compare-feature-name = feature
help-compare = Every source's row for one feature, side by side: *Mobile/Edge*, *Model Serving*, *GitHub stars*.
cmd-sources = The articles versus quotes, with their dates
help-sources = The articles I quote, with their dates.
cmd-help = What versus can do, with example questions
cmd-reindex = Admins: reload the knowledge base from faq/
help-reindex = Reload the knowledge after editing faq/; a bad edit is reported and the old knowledge keeps answering.
cmd-import = Admins: import an article (an attached .html, .md or .txt, or a page's url) into faq/
opt-import-file = The article, saved as .html, .htm, .md, .markdown or .txt
opt-import-file-name = file
opt-import-force = Replace an earlier import of the same article
opt-import-force-name = force
opt-import-id = Source id to write it as (default: from the file name)
opt-import-id-name = id
opt-import-url = Or the article's https address, on a host the config allows
opt-import-url-name = url
help-import = Attach an article (.html, .md or .txt up to 1 MB) or give its url: I import it into faq/, validate it, reindex, and list what I placed, the lines I left out and any new topic.
cmd-gaps = Admins: what versus could not answer, and answers marked not helpful
opt-gaps-days = How many days back to look (default 30)
opt-gaps-days-name = days
help-gaps = The questions I could not answer (grouped, with counts) and the answers marked 👎, over the last days.
