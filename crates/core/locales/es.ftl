# Español. Tuteo, como Discord. Los nombres de producto (TensorFlow, PyTorch, versus, /help y
# los demás comandos) no se traducen; las citas de los artículos nunca pasan por aquí.

## Listas y palabras sueltas

list-and = { $init } y { $last }
quoted-word = «{ $word }»
that-word = eso
this-topic = esto

## Preguntas que versus no responde

no-question = No encontré ninguna pregunta en eso. Pregúntame cuál de TensorFlow o PyTorch conviene para un uso, o un dato sobre ellos; escribe /help para ver cómo.
other-technology = Esa es una elección entre otras tecnologías; solo comparo TensorFlow y PyTorch (y las alternativas que nombran mis fuentes). Escribe /help para ver qué puedes preguntar.
out-of-scope = Solo respondo preguntas sobre elegir entre TensorFlow y PyTorch o sobre cómo usarlos (y sobre las alternativas que nombran mis fuentes: JAX, scikit-learn, ONNX Runtime, Hugging Face, APIs de modelos alojados). Escribe /help para ver qué puedes preguntar.
what-i-answer = Respondo preguntas de TensorFlow o PyTorch a partir de cinco artículos comparativos: cuál conviene para un uso, cómo se comparan en algo o qué dicen las fuentes de cualquiera de los dos. Escribe /help para ver cómo.
declined-code = Eso pide escribir código, y eso no lo hacen mis fuentes. { what-i-answer }
declined-debugging = Eso pide ayuda con un error, y mis fuentes no lo cubren. { what-i-answer }
declined-installation = Eso pide ayuda para instalar o configurar, y mis fuentes no lo cubren. { what-i-answer }
declined-hardware = Eso pregunta qué hardware conseguir, y mis fuentes no lo cubren. { what-i-answer }
declined-theory = Eso pide teoría de aprendizaje automático, y mis fuentes no la enseñan. { what-i-answer }
declined-papers = Eso pide artículos científicos, y mis fuentes no los recopilan. { what-i-answer }
declined-other-tools = Esa es una elección entre otras herramientas; mis fuentes comparan TensorFlow y PyTorch, y a las demás solo las nombran como alternativas. { what-i-answer }
declined-chatter = Eso no es una pregunta sobre TensorFlow o PyTorch. { what-i-answer }
nothing-matches = Nada en mis fuentes responde a esa pregunta.
not-covered = Solo sé lo que dicen mis fuentes sobre TensorFlow y PyTorch, y eso no lo cubren.
uncovered = Mis fuentes no dicen cómo se comparan TensorFlow y PyTorch para { $words }, así que no elegiré ninguno. Pregunta por uno de los temas de abajo o escribe /help.

## Veredictos

verdict-open = Mis fuentes comparan TensorFlow y PyTorch en { $label } sin declarar un ganador; esto es lo que dicen.
verdict-neither-elsewhere = Ninguno, para { $label }: { $agreeing } de { $total } { $total ->
        [one] fuente que trata el tema
       *[other] fuentes que tratan el tema
    } { $agreeing ->
        [one] apunta
       *[other] apuntan
    } a otra opción — { $alternative }.
verdict-neither = Ninguno, para { $label }: { $agreeing } de { $total } { $total ->
        [one] fuente que trata el tema
       *[other] fuentes que tratan el tema
    } { $agreeing ->
        [one] apunta
       *[other] apuntan
    } a otra herramienta.
verdict-tie = Empate en { $label }: { $agreeing } de { $total } { $total ->
        [one] fuente que trata el tema
       *[other] fuentes que tratan el tema
    } los { $agreeing ->
        [one] considera
       *[other] consideran
    } iguales, y el resto no lo resuelve.
verdict-side = { $side } para { $label }: { $agreeing } de { $total } { $total ->
        [one] fuente que trata el tema
       *[other] fuentes que tratan el tema
    } { $agreeing ->
        [one] se inclina
       *[other] se inclinan
    } por { $side }.
faq-verdict-tie = Empate en { $label }: mis fuentes responden justo esta pregunta y los consideran más o menos iguales.
faq-verdict-neither = Ninguno, para { $label }: mis fuentes responden justo esta pregunta y apuntan a otra herramienta.
faq-verdict-side = { $side } para { $label }: mis fuentes responden justo esta pregunta a su favor.
faq-verdict-open = Mis fuentes responden justo esta pregunta:
alternative-instead = Ninguno: lo que describes es justo para lo que mis fuentes recomiendan { $name }, en lugar de TensorFlow o PyTorch.
leaving-aside = Dejando de lado { $labels }, como pediste: { $answer }
overall-instead = Mis fuentes no tratan eso directamente. En general: { $answer }
facts-about = Lo que dicen mis fuentes sobre { $label }:
facts = Lo que dicen mis fuentes:

## Dónde discrepan las fuentes

dissent = { $title } ({ $source }) { $lean ->
    [tensorflow] se inclina por TensorFlow
    [pytorch] se inclina por PyTorch
    [tie] los considera iguales
   *[neither] apunta a otra herramienta distinta
}.
different-figures = Las fuentes dan cifras distintas para { $fact } (de la más reciente a la más antigua): { $values }.
different-claims = Las fuentes dicen cosas distintas sobre { $fact } (de la más reciente a la más antigua): { $values }.
figure = { $source }: { $value }
figure-dated = { $source }, a fecha de { $date }: { $value }

## Maquetación de una respuesta

headline-tie = Empate
headline-neither = Ninguno
headline-none = Sin veredicto
undated = sin fecha
overall = en general
answer-about = Sobre { $topic }
answer-sources-say = Lo que dicen las fuentes
answer-disagree = Dónde discrepan las fuentes
answer-footer-agree = { $agreeing } de { $total } { $total ->
        [one] fuente
       *[other] fuentes
    } { $agreeing ->
        [one] coincide
       *[other] coinciden
    } · las citas son textuales, en el idioma de los artículos citados
answer-footer = las citas son textuales, en el idioma de los artículos citados
unanswered-title = No tengo respuesta para eso
unanswered-known = Puedo hablar de: { $topics }.
unanswered-try = Prueba `/ask ¿TensorFlow o PyTorch para apps móviles?` o `/compare` con una característica como *Mobile/Edge*.
cli-verdict = Veredicto: { $headline } ({ $topic })
cli-part = Parte { $number } de { $total }:
cli-disagree = Dónde discrepan las fuentes: { $sentence }
cli-known = Puedo responder sobre: { $topics }.
cli-try = Prueba: versus ask "¿TensorFlow o PyTorch para apps móviles?" o versus compare "Mobile/Edge"

## /compare y /sources

compare-nothing-title = Nada que comparar
compare-nothing = Ninguna fila de comparación coincide con «{ $feature }».
compare-try = Prueba con una de estas características: { $suggestions }.
compare-winner = Ganador
compare-title = Comparar: { $feature }
compare-footer-shown = { $shown } de { $total } filas mostradas · las citas son textuales
compare-footer = { $total } { $total ->
        [one] fila
       *[other] filas
    } · las citas son textuales
sources-title = Mis { $count } fuentes
sources-description = Cada respuesta cita estos artículos textualmente e indica cuál dijo qué. Cuando discrepan, lo digo.

## /help

help-title = versus — ¿TensorFlow o PyTorch?
help-description = Respondo con un veredicto y las citas que lo respaldan, cada una con su fuente.
help-mention = Mencióname
help-mention-example = `@versus ¿PyTorch o TensorFlow para investigación?` — respondo a tu mensaje.
help-admins = (administradores)
help-channel = Para ayuda con el trabajo en sí (código, errores, instalación, hardware, teoría), pregunta en { $channel }.

## Errores y avisos

error-title = Lo siento
error-admins-only = Solo los administradores de versus pueden usar /{ $command }. Pide a un administrador del servidor que añada tu rol a `admin_role_ids` en config.toml.
error-unknown-command = No conozco el comando `{ $name }`. Prueba /help.
error-internal = Algo falló por mi parte al responder; ha quedado registrado. Vuelve a intentarlo en un momento.
cooldown = ¡Preguntas muy rápido! Espera { $seconds } { $seconds ->
        [one] segundo
       *[other] segundos
    } más antes de la próxima pregunta.
feedback-thanks = ¡Gracias por tu opinión! Ayuda a los administradores a mejorar mis respuestas.

## Los comandos

cmd-ask = Pregunta qué elegir, TensorFlow o PyTorch, para algo; recibe un veredicto con fuentes citadas
opt-ask-question = p. ej. ¿TensorFlow o PyTorch para apps móviles?
opt-ask-question-name = pregunta
help-ask = Pregunta lo que quieras sobre TensorFlow vs PyTorch: *¿TensorFlow o PyTorch para apps móviles?*, *¿cuál es más fácil de depurar?*, *¿Cuántas estrellas tiene PyTorch en GitHub?*
cmd-compare = La fila de cada fuente para una característica, lado a lado
opt-compare-feature = Una característica o un tema, p. ej. Mobile/Edge
opt-compare-feature-name = característica
help-compare = La fila de cada fuente para una característica, lado a lado: *Mobile/Edge*, *Model Serving*, *GitHub stars*.
cmd-sources = Los artículos que cita versus, con sus fechas
help-sources = Los artículos que cito, con sus fechas.
cmd-help = Qué puede hacer versus, con preguntas de ejemplo
cmd-reindex = Administradores: recarga la base de conocimiento desde faq/
help-reindex = Recarga el conocimiento tras editar faq/; si una edición tiene errores, lo informo y el conocimiento anterior sigue respondiendo.
cmd-import = Administradores: importa a faq/ un artículo (un .html, .md o .txt adjunto, o la url de una página)
opt-import-file = El artículo, guardado como .html, .htm, .md, .markdown o .txt
opt-import-file-name = archivo
opt-import-force = Reemplaza una importación anterior del mismo artículo
opt-import-force-name = forzar
opt-import-id = Id de fuente con el que guardarlo (por defecto, el del nombre del archivo)
opt-import-id-name = id
opt-import-url = O la dirección https del artículo, en un host que la configuración permita
opt-import-url-name = url
help-import = Adjunta un artículo (.html, .md o .txt de hasta 1 MB) o indica su url: lo importo a faq/, lo valido, reindexo y enumero lo que coloqué, las líneas que dejé fuera y cualquier tema nuevo.
cmd-gaps = Administradores: lo que versus no supo responder y las respuestas marcadas como poco útiles
opt-gaps-days = Cuántos días hacia atrás mirar (30 por defecto)
opt-gaps-days-name = días
help-gaps = Las preguntas que no supe responder (agrupadas, con recuentos) y las respuestas marcadas con 👎 en los últimos días.
