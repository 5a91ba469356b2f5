# tipbox default questionnaire — 简体中文 (Simplified Chinese).
# One message per line; keys must match the English file exactly; no placeholders.

## Contact
q-contact_channel = 他们是通过什么方式联系您或您家人的？可多选。
opt-contact_channel-wechat = 微信
opt-contact_channel-phone = 电话或短信
opt-contact_channel-in_person = 当面
opt-contact_channel-relatives = 通过在中国的亲属
opt-contact_channel-community = 通过社团或学生会
opt-contact_channel-social_media = 其他应用或社交媒体
opt-contact_channel-other = 其他方式

## Who contacted you
q-contacted_by = 是谁联系了您或您的家人？
q-contacted_by-help = 例如您老家的警察、使领馆的工作人员、侨领或社团负责人。只填您知道的即可。

## Service station
q-station_address = “海外警察服务站”的地址（如果您知道）
q-station_address-help = 街道、大楼或城市。如果不知道，请留空。

## Family in China
q-family_measures = 您在中国的家人是否遇到过以下情况？可多选。
opt-family_measures-questioned = 警察找他们问话或上门
opt-family_measures-detained = 有人被拘留
opt-family_measures-job = 有人失去工作，或被威胁会丢掉工作
opt-family_measures-pension = 养老金或福利被停发
opt-family_measures-school = 孩子被阻止上学
opt-family_measures-travel = 护照被收走或被禁止出境
opt-family_measures-other = 其他情况

## Third country
q-third_country = 他们是否要求您、或设法让您去另一个国家和他们见面？

## Shared answers
yes = 是
no = 否
not-saying = （不愿透露）
err-question-required = 请回答这个问题。
