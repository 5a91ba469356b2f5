# tipbox default questionnaire — Español (Spanish).
# One message per line; keys must match the English file exactly; no placeholders.

## Contact
q-contact_channel = ¿Cómo se pusieron en contacto con usted o con su familia? Marque todas las que correspondan.
opt-contact_channel-wechat = WeChat
opt-contact_channel-phone = Llamada o mensaje de texto
opt-contact_channel-in_person = En persona
opt-contact_channel-relatives = A través de familiares en China
opt-contact_channel-community = A través de una asociación de la comunidad o de estudiantes
opt-contact_channel-social_media = Otras aplicaciones o redes sociales
opt-contact_channel-other = De otra forma

## Who contacted you
q-contacted_by = ¿Quién se puso en contacto con usted o con su familia?
q-contacted_by-help = Por ejemplo, un policía de su ciudad de origen, alguien de una embajada o un consulado, un líder de la comunidad. Escriba solo lo que sepa.

## Service station
q-station_address = Dirección de la «comisaría de policía china en el extranjero», si la conoce
q-station_address-help = Calle, edificio o ciudad. Déjelo en blanco si no lo sabe.

## Family in China
q-family_measures = ¿Tomaron alguna medida contra su familia en China? Marque todas las que correspondan.
opt-family_measures-questioned = La policía los interrogó o fue a verlos
opt-family_measures-detained = Detuvieron a alguien
opt-family_measures-job = Alguien perdió su trabajo o recibió amenazas de perderlo
opt-family_measures-pension = Les retiraron una pensión o unas ayudas
opt-family_measures-school = Impidieron a los niños ir a la escuela
opt-family_measures-travel = Les quitaron el pasaporte o les prohibieron viajar
opt-family_measures-other = Otra cosa

## Third country
q-third_country = ¿Le pidieron que viajara a otro país para reunirse con ellos, o intentaron que lo hiciera?

## Shared answers
yes = Sí
no = No
not-saying = (prefiero no decirlo)
err-question-required = Responda a esta pregunta, por favor.
