"""The site's own words (navigation, headings, explanations) in English and Chinese."""

from __future__ import annotations

LANG_ATTR = {"en": "en", "zh": "zh-Hans"}
LANG_NAME = {"en": "English", "zh": "中文"}

# The source as its header names it (authors, title, year; the copy names no journal): the
# titles stay whole on one line each, as the verbatim check expects a cited title to be.
CITE_EN = ("Delphi Expert Panel for the Appropriate Use of Inebilizumab. "
           "Expert Recommendations for the Appropriate Use of Inebilizumab in Neuromyelitis Optica Spectrum Disorder"  # noqa: E501
           " (2024).")
CITE_ZH = "伊奈利珠单抗临床实践DELPHI专家组. 伊奈利珠单抗治疗视神经脊髓炎谱系疾病临床实践专家建议(2024)."

WORDS = {
    "en": {
        "site": "Inebilizumab for NMOSD", "skip": "Skip to content", "home": "Home",
        "questions": "Questions", "recommendations": "Recommendations", "flows": "Flows",
        "glossary": "Patient data the flows ask for", "glossary_short": "Patient data",
        "glossary_intro": "Each item a flow asks about the patient: what it means, the answers "
                          "it takes and the flows that ask it.",
        "in_glossary": "More about this item", "drugs": "Drugs",
        "tests": "Tests", "trials": "Trials", "search": "Search", "search_label": "Search the site",
        "search_button": "Search", "switch": "中文", "switch_label": "阅读中文版",
        "question": "Question", "rec": "Recommendation", "rec_short": "Rec",
        "flow": "Flow", "fact": "Patient data", "drug": "Drug", "test": "Test", "trial": "Trial",
        "summary": "Summary", "in_words": "In the project's words (not the source's)",
        "flows_citing": "Flows that apply it", "drugs_named": "Drugs", "tests_named": "Tests",
        "trials_named": "Trials", "references": "References", "ref": "ref.",
        "refs_note": "These are the reference numbers printed in the original article (the "
                     "expert recommendations cited at the foot of every page), not references "
                     "of this site. The copy of the article this site was built from has no "
                     "reference list, so only the numbers can be given: look them up in the "
                     "published article.",
        "ref_entry": "Reference", "refs_short": "Reference numbers of the original article.",
        "informational": "Background: no decision flow needs to cite it.",
        "none": "none", "step_start": "Step through this flow",
        "step_intro": "Answer one question at a time; each answer is a link, so the page "
                      "address records your answers and can be bookmarked or shared.",
        "chart": "Chart", "legend": "Verdicts", "nodes": "What each step means",
        "ambiguities": "Readings of an ambiguous source", "asks": "Patient data it asks for",
        "overrides": "Facts that decide whatever the route",
        "one_flow": "This is one flow. For the patient as a whole, every other flow that the "
                    "facts concern counts too, and the strictest verdict on inebilizumab stands: "
                    "check the start (or infusion) bundle with nmosd-flow before acting.",
        "overrides_intro": "Known, each of these leads to its outcome even if the questions "
                           "above are answered otherwise (the stricter verdict stands):",
        "sources": "Sources", "source": "Source", "kind": "Kind", "trigger": "Applies when",
        "always": "always (screening)", "start_node": "Start", "decision": "Question",
        "action": "Step", "outcome": "Outcome", "branches": "Answers",
        "goes_to": "goes to", "verdict": "Verdict", "subject": "Concerns",
        "actions": "Actions", "timing": "When", "derived_from": "Derived from the text",
        "note": "Note", "cites": "Cites", "meaning": "Meaning", "type": "Type",
        "unit": "Unit", "allowed_values": "Answers", "asked_by": "Asked by",
        "file_names": "In a patient file for the nmosd-flow tool",
        "range": "Range", "counts": "Counts these", "required_if": "only when",
        "answers_so_far": "Your answers so far", "answers_given": "Answers given",
        "no_answers": "No answers yet.",
        "next_question": "Next question", "choose": "Choose the answer",
        "result": "Result", "restart": "Start again", "back": "Back one step",
        "step_result": "Step-through result", "date_line": "Date", "patient_line": "Patient",
        "clinician_line": "Clinician",
        "chart_elsewhere": "The chart of this flow is on its flow page, which prints it at a readable size",
        "change": "change", "flow_page": "Back to the flow",
        "path_note": "The path taken is drawn in blue on the chart; the question waiting for "
                     "an answer is orange.",
        "still": "Outcomes still possible",
        "mentioned_by": "Recommendations that name it", "class": "Class",
        "disease": "Disease", "phase": "Phase", "status": "Status", "design": "Design",
        "all_entries": "Everything on this site",
        "found_entries": "Results, best first",
        "search_help": "Type words in English or Chinese (either works on either site), or an "
                       "abbreviation such as HBV, TB or PCP. Without JavaScript this page is a "
                       "plain list of every entry: use your browser's find in page.",
        "results": "results", "no_results": "Nothing found.",
        "disclaimer_title": "Supports, does not replace, clinical judgement",
        "built": "Built", "data_version": "Data version",
        "cite": CITE_EN,
        "cite_other_lead": "Published in Chinese:",
        "cite_other": CITE_ZH,
        "cite_note": "Recommendation, figure, table and reference numbers on this site are the "
                     "article's; the wording is this site's own.",
        "kinds": {"screening": "screening before treatment", "situational": "a situation "
                  "during treatment", "plan": "a treatment plan"},
        "types": {"bool": "yes / no", "enum": "one of a list", "number": "number",
                  "date": "date (ISO 8601)", "count": "derived count"},
        "yes": "yes", "no": "no", "sep": ": ", "list": ", ", "sp": " ",
        "print_note": "Printed from the offline guideline site.",
        "asks_one": "Asks", "aliases": "Also written",
        "subjects": {"inebilizumab": "giving inebilizumab", "vaccine": "the vaccine",
                     "conception": "conception", "breastfeeding": "breastfeeding",
                     "combination": "combination therapy", "plan": "the treatment plan"},
    },
    "zh": {
        "site": "伊奈利珠单抗治疗NMOSD", "skip": "跳到正文", "home": "首页",
        "questions": "临床问题", "recommendations": "推荐意见", "flows": "流程",
        "glossary": "流程所需的患者资料", "glossary_short": "患者资料",
        "glossary_intro": "流程询问的每一项患者资料：含义、可选答案以及询问它的流程。",
        "in_glossary": "详见患者资料", "drugs": "药物",
        "tests": "检查", "trials": "临床试验", "search": "搜索", "search_label": "站内搜索",
        "search_button": "搜索", "switch": "English", "switch_label": "Read in English",
        "question": "问题", "rec": "推荐意见", "rec_short": "推荐意见",
        "flow": "流程", "fact": "患者资料", "drug": "药物", "test": "检查", "trial": "试验",
        "summary": "要点", "in_words": "本项目的转述(非原文)",
        "flows_citing": "应用该推荐的流程", "drugs_named": "药物", "tests_named": "检查",
        "trials_named": "临床试验", "references": "参考文献", "ref": "文献",
        "refs_note": "以下是原文(即每页页脚所引的专家建议)中印出的参考文献编号，并非本站的参考文献。"
                     "本站所据的原文文本未附参考文献列表，因此只能给出编号，请在已发表的原文中查阅。",
        "ref_entry": "参考文献", "refs_short": "原文的参考文献编号。",
        "informational": "背景信息：无决策流程需要引用。",
        "none": "无", "step_start": "逐步走查此流程",
        "step_intro": "每次回答一个问题；每个答案都是一个链接，页面地址记录了已作答的内容，可收藏或分享。",
        "chart": "流程图", "legend": "结论图例", "nodes": "各步骤的含义",
        "ambiguities": "原文含义不明处的取舍", "asks": "所需患者资料", "sources": "依据",
        "overrides": "无论路径如何均据此判定的事实",
        "one_flow": "此处仅为单一流程。就患者整体而言，所给事实涉及的其他流程同样计入，"
                    "对伊奈利珠单抗取最严格的结论："
                    "用药前请用nmosd-flow核对首次输注(或每次输注)前的整套评估。",
        "overrides_intro": "以下事实一旦已知，即使上方问题另有回答，也直接导向相应结局(取较严格的结论)：",
        "source": "来源", "kind": "类型", "trigger": "适用情形", "always": "始终适用(筛查)",
        "start_node": "开始", "decision": "问题", "action": "步骤", "outcome": "结局",
        "branches": "答案", "goes_to": "转至", "verdict": "结论", "subject": "针对",
        "actions": "措施", "timing": "时间", "derived_from": "源自正文", "note": "注",
        "cites": "引用", "meaning": "含义", "type": "类型", "unit": "单位",
        "allowed_values": "可选答案", "asked_by": "询问该项的流程", "range": "范围",
        "file_names": "nmosd-flow工具患者文件中的写法",
        "counts": "计入以下各项", "required_if": "仅当",
        "answers_so_far": "已作答", "answers_given": "所作回答", "no_answers": "尚未作答。",
        "next_question": "下一个问题",
        "choose": "请选择答案", "result": "结果", "restart": "重新开始", "back": "返回上一步",
        "step_result": "逐步走查结果", "date_line": "日期", "patient_line": "患者",
        "clinician_line": "医生",
        "chart_elsewhere": "本流程的流程图见流程页，从该页打印的流程图字号清晰可读",
        "change": "修改", "flow_page": "返回流程页",
        "path_note": "图中蓝色为已走过的路径，橙色为等待回答的问题。",
        "still": "仍可能的结局", "mentioned_by": "提及它的推荐意见", "class": "类别",
        "disease": "疾病", "phase": "分期", "status": "状态", "design": "设计",
        "all_entries": "本站全部条目",
        "found_entries": "搜索结果（按相关度排序）",
        "search_help": "可输入中文或英文(两种语言的网站均可)，也可输入HBV、TB、PCP等缩写。"
                       "未启用JavaScript时，本页是全部条目的列表，可用浏览器的页内查找。",
        "results": "条结果", "no_results": "未找到。",
        "disclaimer_title": "辅助而非替代临床判断",
        "built": "生成日期", "data_version": "数据版本",
        "cite": CITE_ZH,
        "cite_other_lead": "英文题录：",
        "cite_other": CITE_EN,
        "cite_note": "本站的推荐意见、图、表及参考文献编号均沿用原文；文字为本站自行转述。",
        "kinds": {"screening": "治疗前筛查", "situational": "治疗中的特定情形",
                  "plan": "治疗方案"},
        "types": {"bool": "是/否", "enum": "从列表中选一项", "number": "数值",
                  "date": "日期(ISO 8601)", "count": "派生计数"},
        "yes": "是", "no": "否", "sep": "：", "list": "、", "sp": "",
        "print_note": "打印自离线版指南网站。",
        "asks_one": "询问", "aliases": "又作",
        "subjects": {"inebilizumab": "伊奈利珠单抗用药", "vaccine": "疫苗接种",
                     "conception": "妊娠计划", "breastfeeding": "哺乳",
                     "combination": "联合治疗", "plan": "治疗方案"},
    },
}


def words(lang: str) -> dict:
    return WORDS["zh" if lang == "zh" else "en"]
