# Français. Vouvoiement. Les noms de produits (TensorFlow, PyTorch, versus, /help et les autres
# commandes) ne se traduisent pas ; les citations des articles ne passent jamais par ici.
# Espace insécable avant ; : ? ! et à l'intérieur des guillemets « ».

## Listes et petits mots

list-and = { $init } et { $last }
quoted-word = « { $word } »
that-word = cela
this-topic = ce point

## Questions que versus ne prend pas

no-question = Je n'ai pas trouvé de question là-dedans. Demandez-moi lequel de TensorFlow ou PyTorch convient à un usage, ou un fait à leur sujet ; tapez /help pour voir comment.
other-technology = C'est un choix entre d'autres technologies ; je ne compare que TensorFlow et PyTorch (et les alternatives que citent mes sources). Tapez /help pour voir ce que vous pouvez demander.
out-of-scope = Je ne réponds qu'aux questions sur le choix entre TensorFlow et PyTorch ou sur leur utilisation (et sur les alternatives que citent mes sources : JAX, scikit-learn, ONNX Runtime, Hugging Face, API de modèles hébergés). Tapez /help pour voir ce que vous pouvez demander.
what-i-answer = Je réponds aux questions « TensorFlow ou PyTorch ? » à partir de cinq articles comparatifs : lequel convient à un usage, comment ils se comparent sur un point, ou ce que disent les sources de l'un ou de l'autre. Tapez /help pour voir comment.
declined-code = Cela demande d'écrire du code, ce que mes sources ne font pas. { what-i-answer }
declined-debugging = Cela demande de l'aide sur une erreur, ce que mes sources ne couvrent pas. { what-i-answer }
declined-installation = Cela demande de l'aide pour installer ou configurer, ce que mes sources ne couvrent pas. { what-i-answer }
declined-hardware = Cela demande quel matériel acheter, ce que mes sources ne couvrent pas. { what-i-answer }
declined-theory = Cela demande de la théorie de l'apprentissage automatique, que mes sources n'enseignent pas. { what-i-answer }
declined-papers = Cela demande des articles de recherche, que mes sources ne recensent pas. { what-i-answer }
declined-other-tools = C'est un choix entre d'autres outils ; mes sources comparent TensorFlow et PyTorch et ne citent les autres que comme alternatives. { what-i-answer }
declined-chatter = Ce n'est pas une question sur TensorFlow ou PyTorch. { what-i-answer }
nothing-matches = Rien dans mes sources ne correspond à cette question.
not-covered = Je ne sais que ce que mes sources disent de TensorFlow et PyTorch, et elles ne couvrent pas cela.
uncovered = Mes sources ne disent pas comment TensorFlow et PyTorch se comparent pour { $words } ; je ne choisirai donc pas. Posez une question sur l'un des sujets ci-dessous, ou tapez /help.

## Verdicts

verdict-open = Mes sources comparent TensorFlow et PyTorch sur { $label } sans désigner de gagnant ; voici ce qu'elles disent.
verdict-neither-elsewhere = Aucun des deux, pour { $label } : { $agreeing } { $agreeing ->
        [one] source
       *[other] sources
    } sur { $total } { $agreeing ->
        [one] qui en parle
       *[other] qui en parlent
    } { $agreeing ->
        [one] renvoie
       *[other] renvoient
    } ailleurs — { $alternative }.
verdict-neither = Aucun des deux, pour { $label } : { $agreeing } { $agreeing ->
        [one] source
       *[other] sources
    } sur { $total } { $agreeing ->
        [one] qui en parle
       *[other] qui en parlent
    } { $agreeing ->
        [one] renvoie
       *[other] renvoient
    } vers un autre outil.
verdict-tie = Égalité sur { $label } : { $agreeing } { $agreeing ->
        [one] source
       *[other] sources
    } sur { $total } { $agreeing ->
        [one] qui en parle
       *[other] qui en parlent
    } les { $agreeing ->
        [one] juge
       *[other] jugent
    } à égalité, et les autres ne tranchent pas.
verdict-side = { $side } pour { $label } : { $agreeing } { $agreeing ->
        [one] source
       *[other] sources
    } sur { $total } { $agreeing ->
        [one] qui en parle
       *[other] qui en parlent
    } { $agreeing ->
        [one] penche
       *[other] penchent
    } pour { $side }.
faq-verdict-tie = Égalité sur { $label } : mes sources répondent à cette question précise et les jugent à peu près à égalité.
faq-verdict-neither = Aucun des deux, pour { $label } : mes sources répondent à cette question précise et renvoient vers un autre outil.
faq-verdict-side = { $side } pour { $label } : mes sources répondent à cette question précise en sa faveur.
faq-verdict-open = Mes sources répondent à cette question précise :
alternative-instead = Aucun des deux : pour ce que vous décrivez, mes sources recommandent { $name } plutôt que TensorFlow ou PyTorch.
leaving-aside = En laissant de côté { $labels }, comme vous l'avez demandé : { $answer }
overall-instead = Mes sources n'en parlent pas directement. Dans l'ensemble : { $answer }
facts-about = Ce que disent mes sources sur { $label } :
facts = Ce que disent mes sources :

## Là où les sources divergent

dissent = { $title } ({ $source }) { $lean ->
    [tensorflow] penche pour TensorFlow
    [pytorch] penche pour PyTorch
    [tie] les juge à égalité
   *[neither] renvoie vers un tout autre outil
}.
different-figures = Les sources donnent des chiffres différents pour { $fact } (du plus récent au plus ancien) : { $values }.
different-claims = Les sources disent des choses différentes sur { $fact } (du plus récent au plus ancien) : { $values }.
figure = { $source } : { $value }
figure-dated = { $source }, au { $date } : { $value }

## Mise en page d'une réponse

headline-tie = Égalité
headline-neither = Aucun des deux
headline-none = Pas de verdict
undated = non daté
overall = dans l'ensemble
answer-about = À propos de { $topic }
answer-sources-say = Ce que disent les sources
answer-disagree = Là où les sources divergent
answer-footer-agree = { $agreeing } { $agreeing ->
        [one] source
       *[other] sources
    } sur { $total } { $agreeing ->
        [one] est d'accord
       *[other] sont d'accord
    } · citations reprises mot pour mot des articles cités, dans leur langue
answer-footer = citations reprises mot pour mot des articles cités, dans leur langue
unanswered-title = Je n'ai pas de réponse à cela
unanswered-known = Je peux parler de : { $topics }.
unanswered-try = Essayez `/ask TensorFlow ou PyTorch pour des applis mobiles ?` ou `/compare` avec une caractéristique comme *Mobile/Edge*.
cli-verdict = Verdict : { $headline } ({ $topic })
cli-part = Partie { $number } sur { $total } :
cli-disagree = Là où les sources divergent : { $sentence }
cli-known = Je peux répondre sur : { $topics }.
cli-try = Essayez : versus ask "TensorFlow ou PyTorch pour des applis mobiles ?" ou versus compare "Mobile/Edge"

## /compare et /sources

compare-nothing-title = Rien à comparer
compare-nothing = Aucune ligne de comparaison ne correspond à « { $feature } ».
compare-try = Essayez l'une de ces caractéristiques : { $suggestions }.
compare-winner = Gagnant
compare-title = Comparer : { $feature }
compare-footer-shown = { $shown } lignes sur { $total } affichées · citations mot pour mot
compare-footer = { $total } { $total ->
        [one] ligne
       *[other] lignes
    } · citations mot pour mot
sources-title = Mes { $count } sources
sources-description = Chaque réponse cite ces articles mot pour mot et indique lequel a dit quoi. Quand ils divergent, je le signale.

## /help

help-title = versus — TensorFlow ou PyTorch ?
help-description = Je réponds par un verdict et les citations qui l'appuient, chacune rattachée à sa source.
help-mention = Mentionnez-moi
help-mention-example = `@versus PyTorch ou TensorFlow pour la recherche ?` — je réponds à votre message.
help-admins = (admins)
help-channel = Pour de l'aide sur le travail lui-même (code, erreurs, installation, matériel, théorie), demandez dans { $channel }.

## Erreurs et avis

error-title = Désolé
error-admins-only = Seuls les admins de versus peuvent utiliser /{ $command }. Demandez à un admin du serveur d'ajouter votre rôle à `admin_role_ids` dans config.toml.
error-unknown-command = Je ne connais pas la commande `{ $name }`. Essayez /help.
error-internal = Un problème est survenu de mon côté pendant la réponse ; il a été consigné. Réessayez dans un instant.
cooldown = Vous posez vos questions très vite ! Merci d'attendre encore { $seconds } { $seconds ->
        [one] seconde
       *[other] secondes
    } avant la prochaine.
feedback-thanks = Merci pour votre avis ! Il aide les admins à améliorer mes réponses.

## Les commandes

cmd-ask = TensorFlow ou PyTorch pour un usage donné ? Obtenez un verdict avec ses sources citées
opt-ask-question = p. ex. TensorFlow ou PyTorch pour des applis mobiles ?
opt-ask-question-name = question
help-ask = Posez n'importe quelle question sur TensorFlow vs PyTorch : *TensorFlow ou PyTorch pour des applis mobiles ?*, *lequel est le plus facile à déboguer ?*, *Combien d'étoiles GitHub a PyTorch ?*
cmd-compare = La ligne de chaque source pour une caractéristique, côte à côte
opt-compare-feature = Une caractéristique ou un sujet, p. ex. Mobile/Edge
opt-compare-feature-name = caractéristique
help-compare = La ligne de chaque source pour une caractéristique, côte à côte : *Mobile/Edge*, *Model Serving*, *GitHub stars*.
cmd-sources = Les articles que cite versus, avec leurs dates
help-sources = Les articles que je cite, avec leurs dates.
cmd-help = Ce que versus sait faire, avec des exemples de questions
cmd-reindex = Admins : recharger la base de connaissances depuis faq/
help-reindex = Recharge les connaissances après une modification de faq/ ; une modification erronée est signalée et les anciennes connaissances continuent de répondre.
cmd-import = Admins : importer dans faq/ un article (un .html, .md ou .txt joint, ou l'url d'une page)
opt-import-file = L'article, enregistré en .html, .htm, .md, .markdown ou .txt
opt-import-file-name = fichier
opt-import-force = Remplacer une importation antérieure du même article
opt-import-force-name = forcer
opt-import-id = Id de source sous lequel l'écrire (par défaut : d'après le nom du fichier)
opt-import-id-name = id
opt-import-url = Ou l'adresse https de l'article, sur un hôte que la configuration autorise
opt-import-url-name = url
help-import = Joignez un article (.html, .md ou .txt, 1 Mo max.) ou donnez son url : je l'importe dans faq/, le valide, réindexe, puis liste ce que j'ai placé, les lignes que j'ai laissées de côté et tout nouveau sujet.
cmd-gaps = Admins : ce à quoi versus n'a pas su répondre, et les réponses jugées peu utiles
opt-gaps-days = Combien de jours en arrière regarder (30 par défaut)
opt-gaps-days-name = jours
help-gaps = Les questions auxquelles je n'ai pas su répondre (regroupées, avec leur nombre) et les réponses marquées 👎, sur les derniers jours.
