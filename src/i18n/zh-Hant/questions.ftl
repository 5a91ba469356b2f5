# tipbox default questionnaire — 繁體中文 (Traditional Chinese).
# One message per line; keys must match the English file exactly; no placeholders.

## Contact
q-contact_channel = 他們是透過什麼方式聯絡您或您家人的？可複選。
opt-contact_channel-wechat = 微信
opt-contact_channel-phone = 電話或簡訊
opt-contact_channel-in_person = 當面
opt-contact_channel-relatives = 透過在中國的親屬
opt-contact_channel-community = 透過社團或學生組織
opt-contact_channel-social_media = 其他應用程式或社群媒體
opt-contact_channel-other = 其他方式

## Who contacted you
q-contacted_by = 是誰聯絡了您或您的家人？
q-contacted_by-help = 例如您家鄉的警察、大使館或領事館的人員、僑領或社團負責人。只填您知道的即可。

## Service station
q-station_address = 「海外警察服務站」的地址（如果您知道）
q-station_address-help = 街道、大樓或城市。如果不知道，請留空。

## Family in China
q-family_measures = 您在中國的家人是否遇過以下情況？可複選。
opt-family_measures-questioned = 警察找他們問話或到家裡來
opt-family_measures-detained = 有人被拘留
opt-family_measures-job = 有人失去工作，或被威脅會丟掉工作
opt-family_measures-pension = 退休金或福利被停發
opt-family_measures-school = 孩子被阻止上學
opt-family_measures-travel = 護照被收走或被禁止出境
opt-family_measures-other = 其他情況

## Third country
q-third_country = 他們是否要求您、或設法讓您到另一個國家和他們見面？

## Shared answers
yes = 是
no = 否
not-saying = （不願透露）
err-question-required = 請回答這個問題。
