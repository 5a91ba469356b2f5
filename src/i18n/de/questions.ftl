# tipbox default questionnaire — Deutsch (German).
# One message per line; keys must match the English file exactly; no placeholders.

## Contact
q-contact_channel = Wie hat man Sie oder Ihre Familie kontaktiert? Wählen Sie alles aus, was zutrifft.
opt-contact_channel-wechat = WeChat
opt-contact_channel-phone = Anruf oder SMS
opt-contact_channel-in_person = Persönlich
opt-contact_channel-relatives = Über Verwandte in China
opt-contact_channel-community = Über einen Verein der Community oder eine Studierendenvereinigung
opt-contact_channel-social_media = Andere Apps oder soziale Medien
opt-contact_channel-other = Auf andere Weise

## Who contacted you
q-contacted_by = Wer hat Sie oder Ihre Familie kontaktiert?
q-contacted_by-help = Zum Beispiel jemand von der Polizei Ihrer Heimatstadt, jemand von einer Botschaft oder einem Konsulat, eine führende Person der Community. Schreiben Sie nur, was Sie wissen.

## Service station
q-station_address = Adresse der „Übersee-Polizeistation“, falls Sie sie kennen
q-station_address-help = Straße, Gebäude oder Stadt. Lassen Sie das Feld leer, wenn Sie es nicht wissen.

## Family in China
q-family_measures = Wurde gegen Ihre Familie in China etwas unternommen? Wählen Sie alles aus, was zutrifft.
opt-family_measures-questioned = Die Polizei hat sie befragt oder aufgesucht
opt-family_measures-detained = Jemand wurde festgenommen
opt-family_measures-job = Jemand wurde entlassen oder mit Entlassung bedroht
opt-family_measures-pension = Rente oder Sozialleistungen wurden eingestellt
opt-family_measures-school = Kinder durften nicht zur Schule gehen
opt-family_measures-travel = Pässe wurden eingezogen oder Reisen verboten
opt-family_measures-other = Etwas anderes

## Third country
q-third_country = Hat man Sie gebeten oder zu bewegen versucht, in ein anderes Land zu reisen, um sich dort mit ihnen zu treffen?

## Shared answers
yes = Ja
no = Nein
not-saying = (keine Angabe)
err-question-required = Bitte beantworten Sie diese Frage.
