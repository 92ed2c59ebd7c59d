namespace CityTwin.Domain.Risk;

/// <summary>A category of the diagnostic sheet: its deductions together never exceed <see cref="MaxDeduction"/>
/// ("each item floored at 0"), its additions never exceed <see cref="MaxBonus"/>.</summary>
public sealed record DiagnosticCategory(string Code, string Zh, string En, double? MaxDeduction, double MaxBonus = 0);

/// <summary>A scored item: <see cref="Points"/> per occurrence (negative = deduction). <see cref="Design"/> marks
/// points CityTwin chose where the sheet gives only the category maximum.</summary>
public sealed record DiagnosticItemDef(string Code, string Category, double Points, string Zh, string En, bool Design = false);

/// <summary>A direct-red (veto, 直接判定为红色) condition.</summary>
public sealed record DiagnosticVetoDef(string Code, string Zh, string En);

/// <summary>
/// 《危险化学品生产储存企业安全风险评估诊断分级指南(试行)》 scoring sheet as DOMAIN.md §3.1 item 4 gives it:
/// start at 100, add the items, each category capped. The codes are what the registry's
/// <c>DiagnosticAssessment.Items</c> and <c>Vetoes</c> carry; docs/risk.md lists them.
/// </summary>
public sealed record DiagnosticSheet(
    double Start,
    IReadOnlyList<DiagnosticCategory> Categories,
    IReadOnlyList<DiagnosticItemDef> Items,
    IReadOnlyList<DiagnosticVetoDef> Vetoes)
{
    public static DiagnosticSheet Default { get; } = new(
        100,
        [
            new("MHS", "重大危险源", "major hazard sources", 10),
            new("SUB", "物质危险性", "substance hazard", 5),
            new("PROC", "危险化工工艺", "hazardous processes", 10),
            new("FIRE", "火灾爆炸危险性", "fire and explosion", 5),
            new("SURR", "周边环境", "surroundings", 10),
            new("DES", "设计与评估", "design and assessment", 10, 2),
            new("EQ", "设备", "equipment", 5),
            new("AUTO", "自控与安全设施", "automation and safety facilities", 10),
            new("PERS", "人员资质", "personnel qualification", 15),
            new("MGMT", "安全管理制度", "management systems", 10),
            new("BRIGADE", "专职消防队", "own fire brigade", 0, 3),
            new("STD", "安全生产标准化", "safety standardisation", 0, 15),
            // The sheet states no cap for accident deductions; null = uncapped.
            new("ACC", "事故情况", "accident record", null, 5),
        ],
        [
            new("MHS-G1", "MHS", -10, "一级重大危险源", "grade-1 major hazard source"),
            new("MHS-G2", "MHS", -8, "二级重大危险源", "grade-2 major hazard source"),
            new("MHS-G3", "MHS", -6, "三级重大危险源", "grade-3 major hazard source"),
            new("MHS-G4", "MHS", -4, "四级重大危险源", "grade-4 major hazard source"),
            new("SUB-EXPLOSIVE", "SUB", -2, "爆炸品", "explosive"),
            new("SUB-TOXIC-GAS", "SUB", -2, "吸入性有毒气体(如氯气、光气)", "inhalation-toxic gas (e.g. chlorine, phosgene)"),
            new("SUB-KEY-CHEMICAL", "SUB", -0.1, "其他重点监管危险化学品", "other key-supervised hazardous chemical"),
            new("PROC-KEY", "PROC", -2, "重点监管危险化工工艺", "key-supervised hazardous process"),
            new("FIRE-CLASS-A", "FIRE", -1, "甲类厂房/库房/罐区", "Class A (甲) building, warehouse or tank farm"),
            new("FIRE-CLASS-B", "FIRE", -0.5, "乙类厂房/库房/罐区", "Class B (乙) building, warehouse or tank farm"),
            new("FIRE-TANK-NEAR-FLAME", "FIRE", -5, "甲乙类罐区邻近明火", "Class A/B tank farm next to an open flame"),
            new("SURR-OUTSIDE-PARK", "SURR", -3, "未进入化工园区", "outside a chemical park"),
            new("SURR-DISTANCE", "SURR", -10, "外部安全防护距离不满足个人/社会风险标准", "external safety distance fails the individual/societal risk criteria"),
            new("DES-FIRST-PROCESS", "DES", -5, "国内首次使用的工艺未经省级论证", "first-in-China process without provincial review"),
            new("DES-NO-REACTION-ASSESSMENT", "DES", -10, "精细化工未开展反应安全风险评估", "fine chemicals without reaction-hazard assessment"),
            new("DES-CLASS-A-DESIGNER", "DES", 2, "全部装置由甲级资质单位设计", "all units designed by a Class-A designer"),
            new("EQ-DEFECT", "EQ", -1, "设备设施缺陷", "equipment defect", Design: true),
            new("AUTO-DEFECT", "AUTO", -1, "自控或安全设施缺陷", "automation or safety-facility defect", Design: true),
            new("PERS-DEFECT", "PERS", -1, "人员资质不符合要求", "personnel qualification shortfall", Design: true),
            new("MGMT-DEFECT", "MGMT", -1, "安全管理制度缺陷", "management-system defect", Design: true),
            new("BRIGADE-OWN", "BRIGADE", 3, "设有专职消防队", "own full-time fire brigade"),
            new("STD-GRADE1", "STD", 15, "安全生产标准化一级", "safety standardisation grade 1"),
            new("STD-GRADE2", "STD", 5, "安全生产标准化二级", "safety standardisation grade 2"),
            new("STD-GRADE3", "STD", 2, "安全生产标准化三级", "safety standardisation grade 3"),
            new("ACC-LARGER-3Y", "ACC", -10, "三年内发生较大事故", "a 较大 (larger) accident within 3 years"),
            new("ACC-FATAL", "ACC", -8, "发生1-2人死亡事故", "an accident with 1–2 deaths"),
            new("ACC-NOTABLE", "ACC", -5, "发生造成恶劣社会影响的事故", "an accident of notable social impact"),
            new("ACC-NONE-5Y", "ACC", 5, "五年内未发生事故", "no accident within 5 years"),
        ],
        [
            new("VETO-NEW-PROCESS-UNTESTED", "新开发工艺未经小试、中试、工业化试验直接工业化生产", "new process industrialised without lab, pilot and industrial trials"),
            new("VETO-NO-FORMAL-DESIGN", "在役装置未经正规设计且未进行安全设计诊断", "in-service unit without formal design and without safety-design diagnosis"),
            new("VETO-SPECIAL-OP-UNQUALIFIED", "特种作业人员未持证上岗或学历不满足高中以上", "special-operation staff without a valid licence or below senior-high education"),
            new("VETO-ACCIDENTS", "三年内发生重大事故或两起较大事故,或一年内发生两起以上亡人一般事故", "a 重大 accident or two 较大 accidents in 3 years, or ≥ 2 fatal 一般 accidents in 1 year"),
        ]);

    public DiagnosticItemDef? Item(string code) => Items.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase));

    public DiagnosticVetoDef? Veto(string code) => Vetoes.FirstOrDefault(v => string.Equals(v.Code, code, StringComparison.OrdinalIgnoreCase));

    public DiagnosticCategory? Category(string code) => Categories.FirstOrDefault(c => c.Code == code);
}
