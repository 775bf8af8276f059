# Português do Brasil. Tratamento por "você". Nomes de produto (TensorFlow, PyTorch, versus,
# /help e os outros comandos) não se traduzem; as citações dos artigos nunca passam por aqui.

## Listas e palavras soltas

list-and = { $init } e { $last }
quoted-word = “{ $word }”
that-word = isso
this-topic = este tema

## Perguntas que o versus não responde

no-question = Não encontrei uma pergunta nisso. Pergunte qual de TensorFlow ou PyTorch serve para um uso, ou um fato sobre eles; digite /help para ver como.
other-technology = Essa é uma escolha entre outras tecnologias; eu só comparo TensorFlow e PyTorch (e as alternativas que minhas fontes citam). Digite /help para ver o que você pode perguntar.
out-of-scope = Só respondo perguntas sobre escolher entre TensorFlow e PyTorch ou sobre como usá-los (e sobre as alternativas que minhas fontes citam: JAX, scikit-learn, ONNX Runtime, Hugging Face, APIs de modelos hospedados). Digite /help para ver o que você pode perguntar.
what-i-answer = Respondo perguntas de TensorFlow ou PyTorch com base em cinco artigos comparativos: qual serve para um uso, como eles se comparam em algo ou o que as fontes dizem sobre qualquer um dos dois. Digite /help para ver como.
declined-code = Isso pede que se escreva código, e minhas fontes não fazem isso. { what-i-answer }
declined-debugging = Isso pede ajuda com um erro, e minhas fontes não tratam disso. { what-i-answer }
declined-installation = Isso pede ajuda para instalar ou configurar, e minhas fontes não tratam disso. { what-i-answer }
declined-hardware = Isso pergunta qual hardware comprar, e minhas fontes não tratam disso. { what-i-answer }
declined-theory = Isso pede teoria de aprendizado de máquina, e minhas fontes não ensinam isso. { what-i-answer }
declined-papers = Isso pede artigos científicos, e minhas fontes não os listam. { what-i-answer }
declined-other-tools = Essa é uma escolha entre outras ferramentas; minhas fontes comparam TensorFlow e PyTorch e só citam as outras como alternativas. { what-i-answer }
declined-chatter = Isso não é uma pergunta sobre TensorFlow ou PyTorch. { what-i-answer }
nothing-matches = Nada nas minhas fontes corresponde a essa pergunta.
not-covered = Só sei o que minhas fontes dizem sobre TensorFlow e PyTorch, e elas não tratam disso.
uncovered = Minhas fontes não dizem como TensorFlow e PyTorch se comparam para { $words }, então não vou escolher um. Pergunte sobre um dos temas abaixo ou digite /help.

## Vereditos

verdict-open = Minhas fontes comparam TensorFlow e PyTorch em { $label } sem apontar um vencedor; veja o que elas dizem.
verdict-neither-elsewhere = Nenhum dos dois, para { $label }: { $agreeing } de { $total } { $total ->
        [one] fonte que trata do tema
       *[other] fontes que tratam do tema
    } { $agreeing ->
        [one] aponta
       *[other] apontam
    } para outro lado — { $alternative }.
verdict-neither = Nenhum dos dois, para { $label }: { $agreeing } de { $total } { $total ->
        [one] fonte que trata do tema
       *[other] fontes que tratam do tema
    } { $agreeing ->
        [one] aponta
       *[other] apontam
    } para outra ferramenta.
verdict-tie = Empate em { $label }: { $agreeing } de { $total } { $total ->
        [one] fonte que trata do tema
       *[other] fontes que tratam do tema
    } { $agreeing ->
        [one] considera
       *[other] consideram
    } os dois equivalentes, e o restante não decide.
verdict-side = { $side } para { $label }: { $agreeing } de { $total } { $total ->
        [one] fonte que trata do tema
       *[other] fontes que tratam do tema
    } { $agreeing ->
        [one] favorece
       *[other] favorecem
    } o { $side }.
faq-verdict-tie = Empate em { $label }: minhas fontes respondem exatamente a essa pergunta e consideram os dois mais ou menos equivalentes.
faq-verdict-neither = Nenhum dos dois, para { $label }: minhas fontes respondem exatamente a essa pergunta e apontam para outra ferramenta.
faq-verdict-side = { $side } para { $label }: minhas fontes respondem exatamente a essa pergunta a favor dele.
faq-verdict-open = Minhas fontes respondem exatamente a essa pergunta:
alternative-instead = Nenhum dos dois: para o que você descreve, minhas fontes recomendam { $name } em vez de TensorFlow ou PyTorch.
leaving-aside = Deixando de lado { $labels }, como você pediu: { $answer }
overall-instead = Minhas fontes não tratam disso diretamente. No geral: { $answer }
facts-about = O que minhas fontes dizem sobre { $label }:
facts = O que minhas fontes dizem:

## Onde as fontes divergem

dissent = { $title } ({ $source }) { $lean ->
    [tensorflow] tende para o TensorFlow
    [pytorch] tende para o PyTorch
    [tie] considera os dois equivalentes
   *[neither] aponta para outra ferramenta
}.
different-figures = As fontes dão números diferentes para { $fact } (do mais recente ao mais antigo): { $values }.
different-claims = As fontes dizem coisas diferentes sobre { $fact } (do mais recente ao mais antigo): { $values }.
figure = { $source }: { $value }
figure-dated = { $source }, em { $date }: { $value }

## Layout de uma resposta

headline-tie = Empate
headline-neither = Nenhum dos dois
headline-none = Sem veredito
undated = sem data
overall = no geral
answer-about = Sobre { $topic }
answer-sources-say = O que as fontes dizem
answer-disagree = Onde as fontes divergem
answer-footer-agree = { $agreeing } de { $total } { $total ->
        [one] fonte
       *[other] fontes
    } { $agreeing ->
        [one] concorda
       *[other] concordam
    } · citações literais dos artigos citados, no idioma original
answer-footer = citações literais dos artigos citados, no idioma original
unanswered-title = Não tenho resposta para isso
unanswered-known = Sei falar sobre: { $topics }.
unanswered-try = Tente `/ask TensorFlow ou PyTorch para apps mobile?` ou `/compare` com um recurso como *Mobile/Edge*.
cli-verdict = Veredito: { $headline } ({ $topic })
cli-part = Parte { $number } de { $total }:
cli-disagree = Onde as fontes divergem: { $sentence }
cli-known = Posso responder sobre: { $topics }.
cli-try = Tente: versus ask "TensorFlow ou PyTorch para apps mobile?" ou versus compare "Mobile/Edge"

## /compare e /sources

compare-nothing-title = Nada para comparar
compare-nothing = Nenhuma linha de comparação corresponde a “{ $feature }”.
compare-try = Tente um destes recursos: { $suggestions }.
compare-winner = Vencedor
compare-title = Comparar: { $feature }
compare-footer-shown = { $shown } de { $total } linhas exibidas · citações literais
compare-footer = { $total } { $total ->
        [one] linha
       *[other] linhas
    } · citações literais
sources-title = Minhas { $count } fontes
sources-description = Toda resposta cita estes artigos literalmente e indica qual disse o quê. Quando eles divergem, eu digo.

## /help

help-title = versus — TensorFlow ou PyTorch?
help-description = Respondo com um veredito e as citações que o sustentam, cada uma com sua fonte.
help-mention = Me mencione
help-mention-example = `@versus PyTorch ou TensorFlow para pesquisa?` — respondo à sua mensagem.
help-admins = (admins)
help-channel = Para ajuda com o trabalho em si (código, erros, instalação, hardware, teoria), pergunte em { $channel }.

## Erros e avisos

error-title = Desculpe
error-admins-only = Só admins do versus podem usar /{ $command }. Peça a um admin do servidor para adicionar seu cargo a `admin_role_ids` no config.toml.
error-unknown-command = Não conheço o comando `{ $name }`. Tente /help.
error-internal = Algo deu errado do meu lado ao responder; isso foi registrado. Tente de novo daqui a pouco.
cooldown = Você está perguntando rápido demais! Aguarde mais { $seconds } { $seconds ->
        [one] segundo
       *[other] segundos
    } antes da próxima pergunta.
feedback-thanks = Obrigado pelo feedback! Ele ajuda os admins a melhorar minhas respostas.

## Os comandos

cmd-ask = Pergunte se TensorFlow ou PyTorch serve para algo; receba um veredito com fontes citadas
opt-ask-question = ex.: TensorFlow ou PyTorch para apps mobile?
opt-ask-question-name = pergunta
help-ask = Pergunte qualquer coisa sobre TensorFlow vs PyTorch: *TensorFlow ou PyTorch para apps mobile?*, *qual é mais fácil de depurar?*, *Quantas estrelas o PyTorch tem no GitHub?*
cmd-compare = A linha de cada fonte para um recurso, lado a lado
opt-compare-feature = Um recurso ou tema, ex.: Mobile/Edge
opt-compare-feature-name = recurso
help-compare = A linha de cada fonte para um recurso, lado a lado: *Mobile/Edge*, *Model Serving*, *GitHub stars*.
cmd-sources = Os artigos que o versus cita, com suas datas
help-sources = Os artigos que eu cito, com suas datas.
cmd-help = O que o versus sabe fazer, com perguntas de exemplo
cmd-reindex = Admins: recarregar a base de conhecimento a partir de faq/
help-reindex = Recarrega o conhecimento depois de editar faq/; uma edição com erro é informada e o conhecimento anterior continua respondendo.
cmd-import = Admins: importar para faq/ um artigo (um .html, .md ou .txt anexado, ou a url de uma página)
opt-import-file = O artigo, salvo como .html, .htm, .md, .markdown ou .txt
opt-import-file-name = arquivo
opt-import-force = Substituir uma importação anterior do mesmo artigo
opt-import-force-name = forçar
opt-import-id = ID da fonte com que salvá-lo (padrão: tirado do nome do arquivo)
opt-import-id-name = id
opt-import-url = Ou o endereço https do artigo, em um host que a configuração permite
opt-import-url-name = url
help-import = Anexe um artigo (.html, .md ou .txt de até 1 MB) ou informe sua url: eu o importo para faq/, valido, reindexo e listo o que coloquei, as linhas que deixei de fora e qualquer tema novo.
cmd-gaps = Admins: o que o versus não soube responder e respostas marcadas como pouco úteis
opt-gaps-days = Quantos dias para trás olhar (padrão 30)
opt-gaps-days-name = dias
help-gaps = As perguntas que não consegui responder (agrupadas, com contagens) e as respostas marcadas com 👎 nos últimos dias.
