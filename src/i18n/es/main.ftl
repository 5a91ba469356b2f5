# tipbox source interface — español (Spanish).
# Keys and placeholders must match the English reference file exactly.

## Layout
site-tagline = Una forma segura de informar sobre acoso, vigilancia y presiones para regresar, sin dar su nombre.
nav-home = Inicio
nav-submit = Enviar un informe
nav-return = Volver con su código de acceso
lang-label = Idioma
footer-note = Este sitio funciona sin JavaScript y no guarda nada sobre su dispositivo.

## Landing page
landing-title = Informe con seguridad, sin dar su nombre
landing-intro = Si usted, su familia o alguien que conoce ha sido vigilado, amenazado, acosado o presionado para «volver» por agentes del Estado chino fuera de China, incluidas las «comisarías de policía chinas en el extranjero» y las operaciones Fox Hunt y Sky Net, puede contárselo aquí a { $org }.
landing-what-title = Qué pasa con su informe
landing-what-1 = Su informe se cifra en cuanto llega a este servidor. Solo el equipo de { $org } puede descifrarlo, en una computadora que nunca se conecta a internet.
landing-what-2 = No le pedimos su nombre, su correo electrónico ni su número de teléfono. Este sitio no registra su dirección IP, su navegador ni la hora de su visita.
landing-what-3 = Después de enviar un informe, recibirá un código de acceso: ocho palabras elegidas al azar. Con él podrá volver para añadir información y leer nuestras respuestas. Nadie más puede hacerlo, y nosotros no podemos recuperarlo por usted.
landing-safety-title = Antes de empezar
landing-safety-1 = Use Tor Browser y ponga su nivel de seguridad en «El más seguro». Este sitio funciona por completo sin JavaScript.
landing-safety-2 = No use una computadora ni un teléfono del trabajo, ni ningún dispositivo que otra persona controle o revise.
landing-safety-3 = Las fotos y los documentos pueden contener datos ocultos, como el lugar, el dispositivo o el autor. Elimínelos si puede, o díganos en su mensaje con qué debemos tener cuidado.
landing-safety-4 = Hay detalles que solo usted conoce y que podrían revelar su identidad. Díganos si algo no debe aparecer nunca en una publicación.
landing-submit = Enviar un informe
landing-return = Ya tengo un código de acceso

## Submission form
submit-title = Enviar un informe
submit-intro = Todos los campos son opcionales, pero necesitamos un mensaje o al menos un archivo. Puede escribir en cualquier idioma.
field-message = ¿Qué ocurrió?
field-message-hint = Quién se puso en contacto con usted o con su familia, cuándo, cómo y qué querían. Hasta { $max } caracteres.
field-country = País donde ocurrió
field-city = Ciudad o región
field-when = ¿Cuándo ocurrió?
field-when-hint = Una fecha, un mes, «desde 2022»…
field-role = ¿Cuál es su relación con lo ocurrido?
role-self = Me ocurrió a mí
role-family = Le ocurrió a mi familia
role-witness = Fui testigo
role-other = Otra
field-incident = ¿Qué tipo de presión? Marque todas las que correspondan.
incident-harassment = Acoso o intimidación
incident-surveillance = Vigilancia o seguimiento
incident-family_threats = Amenazas contra familiares en China
incident-persuasion_to_return = «Persuasión» para volver
incident-forced_return = Un regreso forzado o mediante engaños
incident-police_station = Una «comisaría de policía china en el extranjero»
incident-local_police_cooperation = Policía o autoridades locales que colaboran con ellos
incident-other = Otra cosa
field-contact-ok = Sí, respóndanme. Las respuestas solo aparecen aquí, cuando vuelva con mi código de acceso.
field-words = Idioma de las palabras de su código de acceso
field-words-hint = Elija las palabras que le resulte más fácil anotar y volver a escribir: las necesitará para volver.
field-attachment = Archivos: fotos, grabaciones, documentos
field-attachment-hint = Hasta { $files } archivos y { $size } en total. Puede elegir varios archivos a la vez.
field-attachment-photos = Las fotos hechas con un móvil suelen registrar dónde y cuándo se tomaron y con qué teléfono; los documentos pueden registrar el nombre de su autor. Para enviar una foto sin estos datos, haga una captura de pantalla de ella y envíe la captura.
field-honeypot = Deje este campo vacío
submit-button = Enviar de forma segura
submit-slow-note = Con Tor, los archivos grandes pueden tardar muchos minutos. Mantenga esta página abierta hasta que vea su código de acceso.

## Success page
success-title = Hemos recibido su informe
success-codename-label = Su código de acceso
success-codename-advice = Anótelo ahora, en papel, y guárdelo en un lugar seguro. Solo se muestra esta vez. Sin él no podrá leer nuestras respuestas ni añadir información, y nosotros no podemos recuperarlo: nunca lo guardamos.
success-next = Vuelva dentro de unos días e introduzca su código de acceso para leer nuestras respuestas.
success-return-address = Para volver, abra esta dirección en Tor Browser:
success-return = Volver con su código de acceso

## Login
login-title = Volver con su código de acceso
login-intro = Escriba las ocho palabras de su código de acceso. Los espacios, las mayúsculas y las tildes no importan.
field-codename = Código de acceso
login-button = Abrir mi bandeja de entrada
login-failed = No encontramos ese código de acceso. Revise cada palabra e inténtelo de nuevo.
login-count = Ha escrito { $got } palabras; un nombre clave tiene ocho. Compruebe si falta o sobra alguna.
login-word = La palabra { $n } no es una de las palabras del nombre clave. Revise cómo está escrita.
login-screen = Las palabras se ven mientras escribe: asegúrese de que nadie pueda ver su pantalla.

## Inbox
inbox-title = Su bandeja de entrada
inbox-replies = Respuestas de { $org }
inbox-no-replies = Todavía no hay respuestas. Vuelva a mirar dentro de unos días.
inbox-reply-day = Respuesta del { $day }
inbox-reply-unreadable = No se pudo abrir esta respuesta. Por favor, avísenos en un mensaje.
inbox-sent-note = Por su seguridad, los mensajes que ha enviado no se muestran aquí: solo { $org } puede leerlos.
inbox-followup-title = Añadir información
followup-button = Enviar
followup-received = Gracias. Hemos recibido su mensaje.
logout-button = Cerrar sesión
inbox-session-note = Por su seguridad, la sesión se cierra tras 30 minutos sin actividad. Cierre la sesión cuando termine.

## Errors and limits
error-title = Algo salió mal
error-400 = No se pudo leer el formulario. Vuelva atrás e inténtelo de nuevo.
error-403 = Este formulario ha caducado o no se envió desde este sitio. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-409 = Este informe ya se recibió: no se ha enviado por segunda vez. Use el nombre clave que se le mostró para añadir algo o leer respuestas.
error-409-title = Ya recibido
error-404 = Esta página no existe.
error-405 = Esta página no permite hacer eso.
error-408 = La conexión era demasiado lenta y se cerró. Inténtelo de nuevo; en Tor, un circuito nuevo puede ayudar.
error-413 = Es más de lo que este sitio acepta de una vez. Envíe menos archivos o archivos más pequeños, o repártalos en varios mensajes.
error-413-title = Demasiado grande para enviarlo
error-429 = Hay demasiadas solicitudes en este momento. Espere un minuto e inténtelo de nuevo.
error-500 = Algo salió mal por nuestra parte. Nada de lo que envió quedó guardado a medias. Inténtelo de nuevo.
error-503 = El sitio está muy ocupado. Inténtelo de nuevo dentro de un minuto.
error-507 = Este servicio no puede recibir informes nuevos en este momento. Inténtelo más tarde.
error-session = Su sesión ha terminado. Introduzca de nuevo su código de acceso.
error-home = Volver al inicio

## Form errors
form-errors = Corrija los campos marcados abajo. Todavía no se ha enviado nada.
form-files-again = Por su seguridad, los archivos no se conservan cuando el formulario se le devuelve. Vuelva a elegirlos.
err-required = Escriba un mensaje o añada al menos un archivo.
err-too-long = Demasiado largo: como máximo { $max } caracteres.
err-message-too-long = Su texto tiene { $got } caracteres, pero un mensaje admite como máximo { $max }. Abajo solo se conservan los primeros { $max }: envíelos y mande el resto en otro mensaje.
err-invalid = No es una opción válida.
err-country = Elija un país de la lista.
err-too-many-files = Como máximo { $max } archivos.
err-too-large = Demasiado grande: como máximo { $max } en total.
err-honeypot = Este campo debe quedar vacío.
err-text = Use solo texto sin formato.
err-empty-file = Uno de los archivos elegidos está vacío.
err-filename-invisible = El nombre de archivo «{ $name }» contiene un carácter invisible o un espacio inusual ({ $char }). Cambie el nombre del archivo y vuelva a elegirlo.
err-filename-unknown = El nombre de archivo «{ $name }» contiene un carácter que no se puede mostrar de forma segura ({ $char }). Cambie el nombre del archivo y vuelva a elegirlo.
err-filename-path = El nombre de archivo «{ $name }» se leería como una carpeta (contiene «/» o «\», o es «.» o «..»). Cambie el nombre del archivo y vuelva a elegirlo.
err-filename-dot = El nombre de archivo «{ $name }» termina en un punto, que algunos sistemas eliminan, con lo que cambia el tipo de archivo. Cambie el nombre del archivo y vuelva a elegirlo.
field-error = { $field }: { $error }
keep-open-note = Estos enlaces se abren en una pestaña nueva: esta página, con su nombre clave, sigue abierta.
pending-note = Su sesión terminó mientras escribía, así que su mensaje aún no se ha enviado. Está guardado abajo: escriba su nombre clave para enviarlo.
pending-files = Los archivos que eligió no se guardaron: vuelva a añadirlos después de entrar.
pending-label = Su mensaje (aún no enviado)
pending-button = Abrir mi buzón y enviar
followup-label = ¿Qué quiere añadir?
logged-out = Ha cerrado la sesión. Por seguridad, cierre también esta pestaña o la ventana de Tor Browser (Nueva identidad).
login-cookie-lost = Su navegador no guardó la cookie de inicio de sesión. Este sitio necesita un navegador que trate las direcciones .onion como seguras, como Tor Browser; en otros navegadores no se puede mantener la sesión.
