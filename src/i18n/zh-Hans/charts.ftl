# `tipbox vault stats --svg` 的图表（供机构报告使用）。

chart-title-country = 按国家或地区统计的案件数
chart-title-incident = 按施压类型统计的案件数
chart-title-month = 按月份统计的案件数
chart-title-status = 按处理状态统计的案件数
chart-axis-cases = 案件数
chart-no-cases = 暂无案件
chart-country-none = 未填写
chart-month = { $year }年{ $month }月
chart-status-new = 新案件
chart-status-in-review = 审核中
chart-status-verified = 已核实
chart-status-unverified = 未能核实
chart-status-duplicate = 重复
chart-status-closed = 已结案
