# tipbox default questionnaire — Français (French).
# One message per line; keys must match the English file exactly; no placeholders.

## Contact
q-contact_channel = Comment a-t-on pris contact avec vous ou votre famille ? Cochez tout ce qui s’applique.
opt-contact_channel-wechat = WeChat
opt-contact_channel-phone = Appel ou SMS
opt-contact_channel-in_person = En personne
opt-contact_channel-relatives = Par des proches en Chine
opt-contact_channel-community = Par une association communautaire ou étudiante
opt-contact_channel-social_media = D’autres applications ou réseaux sociaux
opt-contact_channel-other = D’une autre manière

## Who contacted you
q-contacted_by = Qui a pris contact avec vous ou votre famille ?
q-contacted_by-help = Par exemple un policier de votre ville d’origine, une personne d’une ambassade ou d’un consulat, un responsable communautaire. Indiquez seulement ce que vous savez.

## Service station
q-station_address = Adresse du « poste de police chinois à l’étranger », si vous la connaissez
q-station_address-help = Rue, bâtiment ou ville. Laissez vide si vous ne savez pas.

## Family in China
q-family_measures = Des mesures ont-elles été prises contre votre famille en Chine ? Cochez tout ce qui s’applique.
opt-family_measures-questioned = La police les a interrogés ou est venue chez eux
opt-family_measures-detained = Quelqu’un a été placé en détention
opt-family_measures-job = Quelqu’un a perdu son emploi ou a été menacé de le perdre
opt-family_measures-pension = Une retraite ou des aides ont été suspendues
opt-family_measures-school = On a empêché des enfants d’aller à l’école
opt-family_measures-travel = Des passeports ont été confisqués ou des voyages interdits
opt-family_measures-other = Autre chose

## Third country
q-third_country = Vous a-t-on demandé de vous rendre dans un autre pays pour les rencontrer, ou cherché à vous y amener ?

## Shared answers
yes = Oui
no = Non
not-saying = (je préfère ne pas le dire)
err-question-required = Veuillez répondre à cette question.
