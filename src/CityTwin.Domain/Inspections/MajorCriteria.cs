using System.Text.RegularExpressions;

namespace CityTwin.Domain.Inspections;

/// <summary>
/// Criterion codes for major hidden dangers (判定标准, DOMAIN.md §4.1–4.2). The chemical criteria of 安监总管三〔2017〕121号
/// are catalogued as <c>HC2017-01</c> … <c>HC2017-20</c>; other sectors' standards use the same shape
/// (letters, year, item) and are accepted without a catalogue entry: <c>COAL2020-03</c>, <c>IT2023-12</c>.
/// </summary>
public static partial class MajorCriteria
{
    public const string Chemical2017Prefix = "HC2017-";

    [GeneratedRegex("^[A-Z]{2,8}[0-9]{4}-[0-9]{2,3}$")]
    private static partial Regex Shape();

    /// <summary>Items 1–12 seen verbatim [STD], 13–20 recalled [STD?] (DOMAIN.md §4.2), in short form.</summary>
    public static IReadOnlyDictionary<string, string> Chemical2017 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HC2017-01"] = "主要负责人和安全生产管理人员未依法经考核合格",
        ["HC2017-02"] = "特种作业人员未持证上岗",
        ["HC2017-03"] = "涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准要求",
        ["HC2017-04"] = "涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，或装备的自动化控制系统、紧急停车系统未投入使用",
        ["HC2017-05"] = "一级、二级重大危险源储罐区未配备紧急切断功能；涉及毒性气体、液化气体、剧毒液体的一级、二级重大危险源未配备独立的安全仪表系统",
        ["HC2017-06"] = "全压力式液化烃储罐未按国家标准设置注水措施",
        ["HC2017-07"] = "液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统",
        ["HC2017-08"] = "光气、氯气等剧毒气体及硫化氢气体管道穿越除厂区（包括化工园区、工业园区）外的公共区域",
        ["HC2017-09"] = "地区架空电力线路穿越生产区且不符合国家标准要求",
        ["HC2017-10"] = "在役化工装置未经正规设计且未进行安全设计诊断",
        ["HC2017-11"] = "使用淘汰落后安全技术工艺、设备目录列出的工艺、设备",
        ["HC2017-12"] = "涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按国家标准安装使用防爆电气设备",
        ["HC2017-13"] = "控制室或机柜间面向具有火灾、爆炸危险性装置一侧不满足国家标准关于防火防爆的要求",
        ["HC2017-14"] = "化工生产装置未按国家标准要求设置双重电源供电，自动化控制系统未设置不间断电源",
        ["HC2017-15"] = "安全阀、爆破片等安全附件未正常投用",
        ["HC2017-16"] = "未建立与岗位相匹配的全员安全生产责任制或者未制定实施生产安全事故隐患排查治理制度",
        ["HC2017-17"] = "未制定操作规程和工艺控制指标",
        ["HC2017-18"] = "未按照国家标准制定动火、进入受限空间等特殊作业管理制度，或者制度未有效执行",
        ["HC2017-19"] = "新开发的危险化学品生产工艺未经小试、中试、工业化试验直接进行工业化生产；精细化工企业未按规范性文件要求开展反应安全风险评估",
        ["HC2017-20"] = "未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质混放混存",
    };

    /// <summary>Null when the code is acceptable, otherwise why not.</summary>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "is empty";
        if (!Shape().IsMatch(code)) return $"'{code}' is not a criterion code such as HC2017-05";
        if (code.StartsWith(Chemical2017Prefix, StringComparison.Ordinal) && !Chemical2017.ContainsKey(code))
            return $"'{code}' is not one of HC2017-01 … HC2017-20";
        return null;
    }
}
