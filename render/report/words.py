"""The fixed words of the patient report and its calendar, in English and Chinese."""

from __future__ import annotations

WORDS = {
    "en": {
        "title": "Inebilizumab for NMOSD: patient report",
        "patient": "Patient", "date": "Report date", "assessment": "Assessment",
        "flows_asked": "flows asked for", "guideline": "Guideline",
        "overall": "Overall verdict on inebilizumab",
        "incomplete": "Not decided yet: the assessment is incomplete",
        "still": "Still possible", "stands": "This verdict stands whatever the missing facts show.",
        "for_patient": "For this patient", "obtain_next": "Obtain next",
        "name": "Name", "date_of_birth": "Date of birth", "record_number": "Record number",
        "sign_clinician": "Clinician", "sign_signature": "Signature", "sign_date": "Date",
        "technical": "Technical appendix: names in the patient file and the program",
        "technical_flows": "Flow ids, in the order of the tables of flows", "technical_facts": "Facts to add to the patient file",
        "technical_known": "Fact names, in the order of \"Facts used\"",
        "no_verdict": "No evaluated flow gives a verdict on inebilizumab.",
        "flows": "Flows and their verdicts",
        "others": "Other flows that apply to these facts (their verdicts concern the plan, a "
                  "vaccine, conception or breastfeeding, not whether to give inebilizumab)",
        "also_from": "Includes flows not asked for that the facts reveal",
        "joined": "Not asked for; counts in the overall verdict.",
        "flow": "Flow", "status": "Status",
        "verdict": "Verdict", "outcome": "Where the patient's path ends", "recs": "Rec.",
        "complete": "complete", "incomplete_s": "incomplete", "not_applicable": "not applicable",
        "obtain": "To complete this assessment, obtain",
        "at_stake": "What is at stake", "next": "next", "fact": "Fact",
        "actions": "Checklist of actions", "action": "Action", "timing": "When",
        "from": "From", "no_actions": "No actions.",
        "plan": "Dated plan", "plan_dates": "Date", "plan_day": "Day", "plan_event": "Event",
        "day": "day {n}", "before": "{n} d before day 1", "window_to": "to",
        "plan_intro": ("Day 1 ({fact}) is {day1}. The plan covers {months} months, up to "
                       "{until}; later events continue at the same intervals."),
        "plan_consider": ("The overall verdict is \u201cconsider\u201d: this plan applies only if "
                          "the clinician decides to go ahead."),
        "plan_pending": "Not dated yet: it depends on facts still missing",
        "plan_no_date": ("No dated plan: the patient file gives neither {facts}. Add one of them "
                         "to date the infusions, premedication, prophylaxis and monitoring."),
        "plan_incomplete": "No dated plan yet: the assessment above is incomplete.",
        "plan_blocked": "No dated plan: the overall verdict is \u201c{verdict}\u201d.",
        "others_no_plan": "This patient has no dated plan (see below): what these flows say "
                          "applies only if inebilizumab is given later.",
        "plan_blocked_by": "No dated plan: {outcome} ({flow}).",
        "plan_notes": "How the dates were read",
        "facts": "Facts used", "value": "Value", "yes": "yes", "no": "no",
        "warnings": "Warnings", "charts": "Charts: the patient's path",
        "unmapped": "Not read from the record (listed, never guessed):",
        "source": "Source",
        "original_title": "Original title",
        "disclaimer": ("This report supports clinical judgement and does not replace it. It "
                       "restates the expert recommendations cited above for the facts given; "
                       "check every result against the patient before acting on it."),
        "made_by": "Made by nmosd-flow {version}; flow data sha256 {sha}.",
        "footer": "supports, does not replace, clinical judgement",
        "ics_name": "Inebilizumab plan: {patient}",
        "ics_recs": "Recommendations {recs}",
    },
    "zh": {
        "title": "伊奈利珠单抗治疗NMOSD：患者评估报告",
        "patient": "患者", "date": "报告日期", "assessment": "评估内容",
        "flows_asked": "所选流程", "guideline": "依据",
        "overall": "伊奈利珠单抗总体结论",
        "incomplete": "尚无结论：评估资料不完整",
        "still": "仍可能的结论", "stands": "无论缺失的资料结果如何，该结论均成立。",
        "for_patient": "针对该患者", "obtain_next": "下一步需获取",
        "name": "姓名", "date_of_birth": "出生日期", "record_number": "病历号",
        "sign_clinician": "医师", "sign_signature": "签名", "sign_date": "日期",
        "technical": "技术附录：患者文件与程序中使用的名称",
        "technical_flows": "流程名称(与流程表顺序相同)", "technical_facts": "需补入患者文件的事实",
        "technical_known": "事实名称(与“所用资料”表顺序相同)",
        "no_verdict": "所评估的流程均未对伊奈利珠单抗给出结论。",
        "flows": "各流程及结论",
        "others": ("适用于上述资料的其他流程(其结论涉及治疗计划、疫苗、备孕或哺乳，"
                   "而非是否使用伊奈利珠单抗)"),
        "also_from": "包括所给资料显示适用、但未选择的流程",
        "joined": "未选择；计入总体结论。",
        "flow": "流程", "status": "状态",
        "verdict": "结论", "outcome": "患者路径的终点", "recs": "推荐",
        "complete": "完整", "incomplete_s": "不完整", "not_applicable": "不适用",
        "obtain": "完成评估尚需获取",
        "at_stake": "可能的结论", "next": "下一步", "fact": "资料",
        "actions": "措施清单", "action": "措施", "timing": "时间",
        "from": "来源流程", "no_actions": "无措施。",
        "plan": "日程计划", "plan_dates": "日期", "plan_day": "天数", "plan_event": "事项",
        "day": "第{n}天", "before": "第1天前{n}天", "window_to": "至",
        "plan_intro": "第1天({fact})为{day1}。计划涵盖{months}个月，至{until}止；之后按相同间隔继续。",
        "plan_consider": "总体结论为“权衡考虑”：仅当医生决定用药时本计划才适用。",
        "plan_pending": "暂无法排期：取决于尚缺的资料",
        "plan_no_date": ("无日程计划：患者文件未提供{facts}。"
                         "补充其中之一即可排定输注、预处理、预防治疗及监测日期。"),
        "plan_incomplete": "暂无日程计划：上述评估尚不完整。",
        "plan_blocked": "无日程计划：总体结论为“{verdict}”。",
        "others_no_plan": "该患者无日程计划(见下文)：这些流程的内容仅在日后使用伊奈利珠单抗时适用。",
        "plan_blocked_by": "无日程计划：{outcome}({flow})。",
        "plan_notes": "日期的计算方法",
        "facts": "所用资料", "value": "数值", "yes": "是", "no": "否",
        "warnings": "提示", "charts": "流程图：患者路径",
        "unmapped": "未从病历读取(仅列出，不作推断)：",
        "source": "来源",
        "original_title": "原文标题",
        "disclaimer": ("本报告辅助而不取代临床判断。报告按所给资料复述上述专家建议；"
                       "据此处理前请结合患者实际情况逐项核对。"),
        "made_by": "由nmosd-flow {version}生成；流程数据sha256 {sha}。",
        "footer": "辅助而不取代临床判断",
        "ics_name": "伊奈利珠单抗治疗计划：{patient}",
        "ics_recs": "推荐意见{recs}",
    },
}


def words(lang: str) -> dict[str, str]:
    """The report's words in ``lang`` (en or zh)."""
    return WORDS["zh" if lang == "zh" else "en"]
