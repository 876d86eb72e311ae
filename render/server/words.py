"""The server's own words (the check, the landing page, messages) in English and Chinese."""

from __future__ import annotations

WORDS = {
    "en": {
        "site": "Inebilizumab for NMOSD", "skip": "Skip to content", "home": "Home",
        "questions": "Questions", "recommendations": "Recommendations", "flows_nav": "Flows",
        "facts_nav": "Patient data", "check_nav": "Check a patient", "switch": "中文",
        "switch_label": "阅读中文版", "guideline": "The guideline",
        "guideline_lead": "Questions, recommendations and every flow, with a step-through.",
        "check": "Check a patient", "check_title": "Whole-patient check",
        "check_lead": ("Answer what the flows still need; every answer re-evaluates the whole "
                       "patient with the same engine as the command line."),
        "choose_title": "What to check",
        "choose_lead": "Pick a bundle, or the flows you want, then answer the questions.",
        "bundle": "Bundle", "no_bundle": "no bundle (only the flows ticked below)",
        "or_flows": "Flows (added to the bundle)", "begin": "Start the check",
        "apply": "Check these", "change_selection": "What is checked",
        "checking": "Checking", "upload_title": "Or start from a patient file",
        "upload_lead": ("A YAML or JSON patient file as `nmosd-flow evaluate` reads it; you can "
                        "change its answers afterwards."),
        "upload_file": "Patient file", "upload": "Read the file",
        "overall": "Overall verdict on inebilizumab",
        "pending": "Not decided yet: answer the questions below",
        "stands": "This verdict stands whatever the missing answers show.",
        "no_verdict": "No flow checked gives a verdict on inebilizumab.",
        "still": "Still possible", "also_from": "Includes flows not asked for that the answers reveal",
        "asked": "Questions still needed", "none_needed": "No question is still needed.",
        "next": "next", "also_needed": "also needed", "save": "Save", "update": "Update",
        "yes": "Yes", "no": "No", "choose_one": "— choose —", "unit": "unit",
        "more": "More about the patient",
        "more_lead": ("Other flows apply when these are known (a pregnancy, a switch, an "
                      "infusion reaction, ...); their verdicts on inebilizumab join the overall one."),
        "answers": "Answers so far", "no_answers": "No answers yet.", "remove": "Remove",
        "patient_id": "Patient id (optional; printed on the report only)",
        "results": "Flows and their paths", "flow": "Flow",
        "not_asked": "Not asked for: the answers show it applies, and its verdict counts.",
        "applies": "Not asked for: the answers show it applies; its verdict concerns {subject}.",
        "status": {"incomplete": "incomplete", "not_applicable": "not applicable"},
        "not_applicable": "Not applicable: its situation is not described.",
        "path": "Path", "obtain": "Obtain next", "override": "decided whatever the route",
        "chart": "Chart with the path", "actions": "Actions", "timing": "When",
        "cites": "Recommendations", "rec": "rec", "flow_page": "flow page",
        "checklist": "Checklist of actions", "no_actions": "No actions yet.", "from": "From",
        "warnings": "Warnings", "print": "Print the report", "print_html": "Report (HTML)",
        "print_pdf": "Report (PDF, A4)",
        "plan_dates": "Day 1 of the report's dated plan (optional)",
        "errors": "Please correct these answers", "notice_title": "Supports, does not replace, "
        "clinical judgement",
        "notice": ("This check restates the expert recommendations cited for the answers given. "
                   "It supports clinical judgement and does not replace it: check every result "
                   "against the patient before acting on it."),
        "source": "Source", "privacy": ("Nothing you enter is stored or logged: the answers "
                                        "travel only inside this page's form."),
        "made_by": "nmosd-flow {version}; flow data sha256 {sha}.",
        "subjects": {"inebilizumab": "giving inebilizumab", "vaccine": "the vaccine",
                     "conception": "conception", "breastfeeding": "breastfeeding",
                     "combination": "combination therapy", "plan": "the treatment plan"},
        "building": "The guideline pages are being built",
        "building_lead": ("This happens once after an update and takes under a minute. The check "
                          "works already."),
        "not_found": "Not found", "not_found_lead": "There is no page at this address.",
        "pdf_missing": "PDF reports need Chromium on the server",
        "sep": ": ", "list": ", ", "stop": ".",
    },
    "zh": {
        "site": "伊奈利珠单抗治疗NMOSD", "skip": "跳到正文", "home": "首页",
        "questions": "临床问题", "recommendations": "推荐意见", "flows_nav": "流程",
        "facts_nav": "患者资料", "check_nav": "患者评估", "switch": "English",
        "switch_label": "Read in English", "guideline": "指南",
        "guideline_lead": "临床问题、推荐意见及全部流程，可逐步走查。",
        "check": "患者评估", "check_title": "患者整体评估",
        "check_lead": "回答各流程仍需的问题；每次作答都会用与命令行相同的引擎重新评估患者整体。",
        "choose_title": "评估内容", "choose_lead": "选择一组评估或所需的流程，然后回答问题。",
        "bundle": "评估组合", "no_bundle": "不选组合(仅评估下方勾选的流程)",
        "or_flows": "流程(在组合之外另加)", "begin": "开始评估", "apply": "按此评估",
        "change_selection": "评估内容", "checking": "当前评估",
        "upload_title": "或从患者文件开始",
        "upload_lead": "与`nmosd-flow evaluate`相同的YAML或JSON患者文件；读入后可修改其中的回答。",
        "upload_file": "患者文件", "upload": "读入文件",
        "overall": "伊奈利珠单抗总体结论", "pending": "尚无结论：请回答下方问题",
        "stands": "无论尚缺的回答如何，该结论均成立。",
        "no_verdict": "所评估的流程均未对伊奈利珠单抗给出结论。",
        "still": "仍可能的结论", "also_from": "包括回答显示适用、但未选择的流程",
        "asked": "仍需回答的问题", "none_needed": "已无需回答的问题。",
        "next": "下一步", "also_needed": "另需", "save": "保存", "update": "更新",
        "yes": "是", "no": "否", "choose_one": "—请选择—", "unit": "单位",
        "more": "患者的其他情况",
        "more_lead": ("已知以下情况时，其他流程(妊娠、换药、输注反应等)也适用；"
                      "其对伊奈利珠单抗的结论计入总体结论。"),
        "answers": "已作答", "no_answers": "尚未作答。", "remove": "删除",
        "patient_id": "患者编号(可选；仅打印在报告上)",
        "results": "各流程及路径", "flow": "流程",
        "not_asked": "未选择：回答显示本流程适用，其结论计入总体结论。",
        "applies": "未选择：回答显示本流程适用；其结论针对{subject}。",
        "status": {"incomplete": "未完成", "not_applicable": "不适用"},
        "not_applicable": "不适用：未描述相应情况。",
        "path": "路径", "obtain": "下一步需获取", "override": "无论路径如何均据此判定",
        "chart": "流程图及路径", "actions": "措施", "timing": "时间", "cites": "推荐意见",
        "rec": "推荐意见", "flow_page": "流程页",
        "checklist": "措施清单", "no_actions": "暂无措施。", "from": "来源流程",
        "warnings": "提示", "print": "打印报告", "print_html": "报告(HTML)",
        "print_pdf": "报告(PDF，A4)",
        "plan_dates": "报告中日程的第1天(可选)",
        "errors": "请更正以下回答", "notice_title": "辅助而非替代临床判断",
        "notice": ("本评估按所给回答复述所引用的专家建议，用于辅助而非替代临床判断；"
                   "据此处理前请结合患者实际情况逐项核对。"),
        "source": "来源", "privacy": "所输入的内容不会被保存或记录：回答只在本页的表单中传递。",
        "made_by": "nmosd-flow {version}；流程数据sha256 {sha}。",
        "subjects": {"inebilizumab": "伊奈利珠单抗用药", "vaccine": "疫苗接种",
                     "conception": "妊娠计划", "breastfeeding": "哺乳",
                     "combination": "联合治疗", "plan": "治疗方案"},
        "building": "指南网页正在生成",
        "building_lead": "更新后仅需生成一次，用时不到一分钟。患者评估现在即可使用。",
        "not_found": "未找到", "not_found_lead": "此地址没有页面。",
        "pdf_missing": "服务器需安装Chromium才能生成PDF报告",
        "sep": "：", "list": "、", "stop": "。",
    },
}

LANG_ATTR = {"en": "en", "zh": "zh-Hans"}


def words(lang: str) -> dict:
    """The server's words in ``lang`` (en or zh)."""
    return WORDS["zh" if lang == "zh" else "en"]
