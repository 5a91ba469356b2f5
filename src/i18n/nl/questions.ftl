# tipbox default questionnaire — Nederlands (Dutch).
# One message per line; keys must match the English file exactly; no placeholders.

## Contact
q-contact_channel = Hoe hebben ze contact opgenomen met u of uw familie? Kies alles wat van toepassing is.
opt-contact_channel-wechat = WeChat
opt-contact_channel-phone = Telefoontje of sms
opt-contact_channel-in_person = Persoonlijk, face-to-face
opt-contact_channel-relatives = Via familieleden in China
opt-contact_channel-community = Via een gemeenschaps- of studentenvereniging
opt-contact_channel-social_media = Andere apps of sociale media
opt-contact_channel-other = Op een andere manier

## Who contacted you
q-contacted_by = Wie heeft contact opgenomen met u of uw familie?
q-contacted_by-help = Bijvoorbeeld een politieagent uit uw geboorteplaats, iemand van een ambassade of consulaat, een leider uit de gemeenschap. Schrijf alleen wat u weet.

## Service station
q-station_address = Adres van het “overzeese politiebureau”, als u het weet
q-station_address-help = Straat, gebouw of stad. Laat dit leeg als u het niet weet.

## Family in China
q-family_measures = Zijn er maatregelen genomen tegen uw familie in China? Kies alles wat van toepassing is.
opt-family_measures-questioned = De politie heeft hen ondervraagd of bezocht
opt-family_measures-detained = Iemand is opgepakt of vastgezet
opt-family_measures-job = Iemand is ontslagen of werd met ontslag bedreigd
opt-family_measures-pension = Een pensioen of uitkering werd stopgezet
opt-family_measures-school = Kinderen mochten niet naar school
opt-family_measures-travel = Paspoorten werden ingenomen of reizen werd verboden
opt-family_measures-other = Iets anders

## Third country
q-third_country = Hebben ze u gevraagd naar een ander land te reizen om hen te ontmoeten, of geprobeerd u daartoe over te halen?

## Shared answers
yes = Ja
no = Nee
not-saying = (zeg ik liever niet)
err-question-required = Beantwoord deze vraag alstublieft.
