# tipbox default questionnaire — English (reference language).
# Every other language must have exactly these keys. One message per line; no placeholders.

## Contact
q-contact_channel = How did they contact you or your family? Choose all that apply.
opt-contact_channel-wechat = WeChat
opt-contact_channel-phone = Phone call or text message
opt-contact_channel-in_person = In person
opt-contact_channel-relatives = Through relatives in China
opt-contact_channel-community = Through a community or student association
opt-contact_channel-social_media = Other apps or social media
opt-contact_channel-other = Another way

## Who contacted you
q-contacted_by = Who contacted you or your family?
q-contacted_by-help = For example a police officer from your home town, someone from an embassy or consulate, a community leader. Write only what you know.

## Service station
q-station_address = Address of the "overseas police service station", if you know it
q-station_address-help = Street, building or city. Leave it empty if you do not know.

## Family in China
q-family_measures = Was anything done to your family in China? Choose all that apply.
opt-family_measures-questioned = Police questioned them or came to see them
opt-family_measures-detained = Someone was detained
opt-family_measures-job = Someone lost a job or was threatened with losing it
opt-family_measures-pension = A pension or benefits were stopped
opt-family_measures-school = Children were kept out of school
opt-family_measures-travel = Passports were taken or travel was banned
opt-family_measures-other = Something else

## Third country
q-third_country = Did they ask you, or try to get you, to travel to another country to meet them?

## Shared answers
yes = Yes
no = No
not-saying = (not saying)
err-question-required = Please answer this question.
