# tipbox default questionnaire — Italiano (Italian).
# One message per line; keys must match the English file exactly; no placeholders.

## Contact
q-contact_channel = In che modo hanno contattato te o la tua famiglia? Seleziona tutte le voci che corrispondono.
opt-contact_channel-wechat = WeChat
opt-contact_channel-phone = Telefonata o SMS
opt-contact_channel-in_person = Di persona
opt-contact_channel-relatives = Tramite parenti in Cina
opt-contact_channel-community = Tramite un’associazione della comunità o di studenti
opt-contact_channel-social_media = Altre app o social media
opt-contact_channel-other = In un altro modo

## Who contacted you
q-contacted_by = Chi ha contattato te o la tua famiglia?
q-contacted_by-help = Per esempio un poliziotto della tua città d’origine, una persona di un’ambasciata o di un consolato, un esponente della comunità. Scrivi solo quello che sai.

## Service station
q-station_address = Indirizzo della «stazione di polizia cinese all’estero», se lo conosci
q-station_address-help = Via, edificio o città. Lascia vuoto se non lo sai.

## Family in China
q-family_measures = Sono state prese misure contro la tua famiglia in Cina? Seleziona tutte le voci che corrispondono.
opt-family_measures-questioned = La polizia li ha interrogati o è andata a casa loro
opt-family_measures-detained = Qualcuno è stato fermato o arrestato
opt-family_measures-job = Qualcuno ha perso il lavoro o è stato minacciato di perderlo
opt-family_measures-pension = Una pensione o dei sussidi sono stati sospesi
opt-family_measures-school = Ai bambini è stato impedito di andare a scuola
opt-family_measures-travel = Sono stati ritirati i passaporti o vietati i viaggi
opt-family_measures-other = Qualcos’altro

## Third country
q-third_country = Ti hanno chiesto di andare in un altro paese per incontrarli, o hanno cercato di convincerti a farlo?

## Shared answers
yes = Sì
no = No
not-saying = (preferisco non dirlo)
err-question-required = Rispondi a questa domanda.
