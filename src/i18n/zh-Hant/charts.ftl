# `tipbox vault stats --svg` 的圖表（供機構報告使用）。

chart-title-country = 按國家或地區統計的案件數
chart-title-incident = 按施壓類型統計的案件數
chart-title-month = 按月份統計的案件數
chart-title-status = 按處理狀態統計的案件數
chart-axis-cases = 案件數
chart-no-cases = 暫無案件
chart-country-none = 未填寫
chart-month = { $year }年{ $month }月
chart-status-new = 新案件
chart-status-in-review = 審核中
chart-status-verified = 已核實
chart-status-unverified = 未能核實
chart-status-duplicate = 重複
chart-status-closed = 已結案
