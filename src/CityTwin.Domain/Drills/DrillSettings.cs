using System.Text.Json;
using System.Text.Json.Serialization;
using CityTwin.Domain.Drills.Dispatch;
using CityTwin.Domain.Drills.Impact;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Drills;

/// <summary>
/// Every coefficient and threshold of the drill models, in one readable, versioned record. <see cref="Default"/>
/// holds DOMAIN.md §7–§8 values; [DESIGN] marks CityTwin choices. A corrected value is a change here (or in a JSON
/// file read with <see cref="FromJson"/>) plus a test update — the model code holds no numbers of its own.
/// </summary>
public sealed record DrillSettings
{
    public static DrillSettings Default { get; } = new();

    /// <summary>Bumped whenever a default changes, so a drill report can name the values it used.</summary>
    public string Version { get; init; } = "2026-11-24.1";

    public WeatherSettings Weather { get; init; } = new();
    public DispersionSettings Dispersion { get; init; } = new();
    public FireSettings Fire { get; init; } = new();
    public ExplosionSettings Explosion { get; init; } = new();
    public ZoneSettings Zones { get; init; } = new();
    public ImpactSettings Impact { get; init; } = new();
    public DispatchSettings Dispatch { get; init; } = new();

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        // The last Pasquill row is open-ended (+∞).
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads settings written by <see cref="ToJson"/>; properties left out keep their defaults.</summary>
    public static DrillSettings FromJson(string json) =>
        JsonSerializer.Deserialize<DrillSettings>(json, Json) ?? throw new InvalidDataException("empty drill settings");

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>σ = A·x·(1 + B·x)^C (every Briggs 1973 entry has this form), x and σ in m.</summary>
public sealed record BriggsLaw(double A, double B, double C)
{
    public double At(double x) => A * x * Math.Pow(1 + B * x, C);
}

/// <summary>σ = A·x^B (CCPS 1999 puff σ), x and σ in m.</summary>
public sealed record PowerLaw(double A, double B)
{
    public double At(double x) => A * Math.Pow(x, B);
}

public sealed record BriggsEntry(BriggsLaw SigmaY, BriggsLaw SigmaZ);

public sealed record PuffEntry(PowerLaw SigmaXY, PowerLaw SigmaZ);

/// <summary>One row of the Pasquill table (§7.1): wind at 10 m below <see cref="WindBelowMs"/> (lower-inclusive rows).</summary>
public sealed record PasquillRow(double WindBelowMs, string DayStrong, string DayModerate, string DaySlight, string NightCloudy, string NightClear);

/// <summary>§7.1 weather: Pasquill table, insolation from solar elevation, wind clamp, Irwin exponents.</summary>
public sealed record WeatherSettings
{
    /// <summary>Pasquill (1961) via NOAA READY [LIT]. Rows "&lt; 2", "2–3", "3–5", "5–6", "&gt; 6" m/s; a split entry is "A-B".</summary>
    public IReadOnlyList<PasquillRow> Pasquill { get; init; } =
    [
        new(2, "A", "A-B", "B", "E", "F"),
        new(3, "A-B", "B", "C", "E", "F"),
        new(5, "B", "B-C", "C", "D", "E"),
        new(6, "C", "C-D", "D", "D", "D"),
        new(double.PositiveInfinity, "C", "D", "D", "D", "D"),
    ];

    /// <summary>[DESIGN] a split class (A–B, B–C, C–D) takes the more stable letter: higher ground-level concentrations.</summary>
    public bool SplitTakesMoreStable { get; init; } = true;

    /// <summary>Overcast day or night, and the hour around sunrise/sunset: D regardless of wind [LIT].</summary>
    public StabilityClass OvercastClass { get; init; } = StabilityClass.D;

    /// <summary>[DESIGN] wind below this (m/s at 10 m) is computed at this value and flagged LOW_WIND.</summary>
    public double MinWindMs { get; init; } = 1.0;

    /// <summary>Turner's insolation from solar elevation (°) [LIT, recalled]: strong above, moderate above, else slight.</summary>
    public double StrongAboveDeg { get; init; } = 60;
    public double ModerateAboveDeg { get; init; } = 35;

    public double ReferenceHeightM { get; init; } = 10;

    /// <summary>Irwin (1979) wind-profile exponents p, u(z) = u10·(z/10)^p [LIT].</summary>
    public IReadOnlyDictionary<StabilityClass, double> IrwinRural { get; init; } = new Dictionary<StabilityClass, double>
    {
        [StabilityClass.A] = 0.07, [StabilityClass.B] = 0.07, [StabilityClass.C] = 0.10,
        [StabilityClass.D] = 0.15, [StabilityClass.E] = 0.35, [StabilityClass.F] = 0.55,
    };

    public IReadOnlyDictionary<StabilityClass, double> IrwinUrban { get; init; } = new Dictionary<StabilityClass, double>
    {
        [StabilityClass.A] = 0.15, [StabilityClass.B] = 0.15, [StabilityClass.C] = 0.20,
        [StabilityClass.D] = 0.25, [StabilityClass.E] = 0.40, [StabilityClass.F] = 0.60,
    };
}

/// <summary>§7.1–7.2 dispersion: σ tables, validity range, model choice, dense-gas criterion, endpoints.</summary>
public sealed record DispersionSettings
{
    /// <summary>Briggs (1973) rural σ (CCPS 1999) [LIT].</summary>
    public IReadOnlyDictionary<StabilityClass, BriggsEntry> BriggsRural { get; init; } = new Dictionary<StabilityClass, BriggsEntry>
    {
        [StabilityClass.A] = new(new(0.22, 0.0001, -0.5), new(0.20, 0, 0)),
        [StabilityClass.B] = new(new(0.16, 0.0001, -0.5), new(0.12, 0, 0)),
        [StabilityClass.C] = new(new(0.11, 0.0001, -0.5), new(0.08, 0.0002, -0.5)),
        [StabilityClass.D] = new(new(0.08, 0.0001, -0.5), new(0.06, 0.0015, -0.5)),
        [StabilityClass.E] = new(new(0.06, 0.0001, -0.5), new(0.03, 0.0003, -1)),
        [StabilityClass.F] = new(new(0.04, 0.0001, -0.5), new(0.016, 0.0003, -1)),
    };

    /// <summary>Briggs (1973) urban σ (CCPS 1999) [LIT].</summary>
    public IReadOnlyDictionary<StabilityClass, BriggsEntry> BriggsUrban { get; init; } = new Dictionary<StabilityClass, BriggsEntry>
    {
        [StabilityClass.A] = new(new(0.32, 0.0004, -0.5), new(0.24, 0.001, 0.5)),
        [StabilityClass.B] = new(new(0.32, 0.0004, -0.5), new(0.24, 0.001, 0.5)),
        [StabilityClass.C] = new(new(0.22, 0.0004, -0.5), new(0.20, 0, 0)),
        [StabilityClass.D] = new(new(0.16, 0.0004, -0.5), new(0.14, 0.0003, -0.5)),
        [StabilityClass.E] = new(new(0.11, 0.0004, -0.5), new(0.08, 0.0015, -0.5)),
        [StabilityClass.F] = new(new(0.11, 0.0004, -0.5), new(0.08, 0.0015, -0.5)),
    };

    /// <summary>CCPS (1999) puff σ, x = distance travelled by the puff centre [LIT].</summary>
    public IReadOnlyDictionary<StabilityClass, PuffEntry> Puff { get; init; } = new Dictionary<StabilityClass, PuffEntry>
    {
        [StabilityClass.A] = new(new(0.18, 0.92), new(0.60, 0.75)),
        [StabilityClass.B] = new(new(0.14, 0.92), new(0.53, 0.73)),
        [StabilityClass.C] = new(new(0.10, 0.92), new(0.34, 0.71)),
        [StabilityClass.D] = new(new(0.06, 0.92), new(0.15, 0.70)),
        [StabilityClass.E] = new(new(0.04, 0.92), new(0.10, 0.65)),
        [StabilityClass.F] = new(new(0.02, 0.89), new(0.05, 0.61)),
    };

    /// <summary>Briggs validity ≈ 100 m – 10 km: below → NEAR_FIELD, beyond → BEYOND_RANGE ("&gt; 10 km") [DESIGN].</summary>
    public double NearFieldBelowM { get; init; } = 100;
    public double BeyondRangeAboveM { get; init; } = 10_000;

    /// <summary>Inverse problems: bisection on ln x between these bounds to this relative tolerance (§10 notes).</summary>
    public double SearchMinM { get; init; } = 1;
    public double SearchMaxM { get; init; } = 100_000;
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>[DESIGN] the plume value is reached when u·T ≥ this many σx at the distance of interest; else the puff.</summary>
    public double PlumeReachedSigmas { get; init; } = 4;

    /// <summary>Britter–McQuaid criteria as given by CCPS [LIT, recalled]: continuous and instantaneous.</summary>
    public double DenseContinuousAtLeast { get; init; } = 0.15;
    public double DenseInstantaneousAtLeast { get; init; } = 0.2;
    public double Gravity { get; init; } = 9.81;
    public double AirMolarMass { get; init; } = 28.96;

    /// <summary>ppm ↔ mg/m³ reference conditions for AEGL/ERPG (US convention) unless the drill sets ambient T (§7.1).</summary>
    public double EndpointTemperatureC { get; init; } = 25;
    public double StandardPressureKPa { get; init; } = 101.325;

    /// <summary>[DESIGN] release longer than this (min): weather held constant, flag LONG_RELEASE (as ALOHA).</summary>
    public double LongReleaseAboveMin { get; init; } = 60;
}

/// <summary>§7.3 fire: radiative fractions, transmissivity, thresholds, near-field rule, fireball correlations.</summary>
public sealed record FireSettings
{
    /// <summary>[DESIGN] η pool 0.35, jet 0.20; τ = 1 (conservative).</summary>
    public double PoolRadiativeFraction { get; init; } = 0.35;
    public double JetRadiativeFraction { get; init; } = 0.20;
    public double Transmissivity { get; init; } = 1.0;

    /// <summary>[DESIGN] zones red/orange/yellow in kW/m²: Chinese practice 37.5 / 12.5 / 4.0 (World Bank table).</summary>
    public IReadOnlyList<double> ZoneFluxKwM2 { get; init; } = [37.5, 12.5, 4.0];

    /// <summary>ALOHA thermal LOCs (60 s): 10 / 5 / 2 kW/m² — the "ALOHA LOC" option.</summary>
    public IReadOnlyList<double> AlohaZoneFluxKwM2 { get; init; } = [10, 5, 2];

    /// <summary>Point source valid only beyond ≈ 2.5 pool diameters: inside → NEAR_FIELD.</summary>
    public double NearFieldPoolDiameters { get; init; } = 2.5;

    /// <summary>[DESIGN] never report a threshold radius smaller than pool radius + this margin (m).</summary>
    public double MinRadiusBeyondPoolM { get; init; } = 5;

    /// <summary>CCPS fireball: D = 5.8 M^⅓; t = 0.45 M^⅓ below 30 t, 2.6 M^⅙ above; H = 0.75 D; E = 350 kW/m².</summary>
    public double FireballDiameterCoefficient { get; init; } = 5.8;
    public double FireballDurationSmallCoefficient { get; init; } = 0.45;
    public double FireballDurationLargeCoefficient { get; init; } = 2.6;
    public double FireballLargeMassKg { get; init; } = 30_000;
    public double FireballHeightFactor { get; init; } = 0.75;
    public double FireballEmissivePowerKwM2 { get; init; } = 350;
}

/// <summary>One segment of the Swisdak (1994) fit of Kingery–Bulmash: ln P = A + B·L + C·L² + D·L³ + E·L⁴, L = ln Z.</summary>
public sealed record SwisdakSegment(double ZMin, double ZMax, double A, double B, double C, double D, double E);

/// <summary>§7.4 explosion: TNT equivalence, blast fits, zone thresholds, the Chinese 安全评价 variant.</summary>
public sealed record ExplosionSettings
{
    /// <summary>[DESIGN] drill yield η = 0.03; EPA RMP worst case uses 0.10.</summary>
    public double Yield { get; init; } = 0.03;
    public double TntEnergyKjKg { get; init; } = 4_680;

    /// <summary>Kingery–Bulmash hemispherical surface burst, Swisdak fit (Freeyolo/tangos) [LIT]; P in kPa.</summary>
    public IReadOnlyList<SwisdakSegment> Swisdak { get; init; } =
    [
        new(0.2, 2.9, 7.2106, -2.1069, -0.3229, 0.1117, 0.0685),
        new(2.9, 23.8, 7.5938, -3.0523, 0.40977, 0.0261, -0.01267),
        new(23.8, 198.5, 6.0536, -1.4066, 0, 0, 0),
    ];

    /// <summary>Mills (1987): P = a/Z³ + b/Z² + c/Z kPa [LIT].</summary>
    public IReadOnlyList<double> Mills { get; init; } = [1772, -114, 108];

    /// <summary>[DESIGN] blast zones red/orange/yellow in kPa: 70 / 35 / 6.9 (orange 21 if configured).</summary>
    public IReadOnlyList<double> ZoneOverpressureKPa { get; init; } = [70, 35, 6.9];

    /// <summary>EPA RMP rule of thumb: 1 psi at X = 17·W_TNT^⅓ m [LIT, recalled].</summary>
    public double RmpOnePsiScaledDistance { get; init; } = 17;

    /// <summary>Chinese variant: W_TNT = 1.8·α·W_f·Q_f/Q_TNT; 1.8 ground-burst factor, α 0.04, Q_TNT 4 520 kJ/kg [LIT].</summary>
    public double ChineseGroundFactor { get; init; } = 1.8;
    public double ChineseYield { get; init; } = 0.04;
    public double ChineseTntEnergyKjKg { get; init; } = 4_520;

    /// <summary>R_0.5 = 13.6·(W_TNT/1000)^0.37 m (50 % lethality).</summary>
    public double ChineseDeathCoefficient { get; init; } = 13.6;
    public double ChineseDeathExponent { get; init; } = 0.37;

    /// <summary>ΔP/P0 = a Z⁻³ + b Z⁻² + c Z⁻¹ + d, Z = R/(E/P0)^⅓, valid 0.3 ≤ Z ≤ 12.</summary>
    public IReadOnlyList<double> ChineseOverpressure { get; init; } = [0.137, 0.119, 0.269, -0.019];
    public double AmbientPressurePa { get; init; } = 101_300;
    public double ChineseZMin { get; init; } = 0.3;
    public double ChineseZMax { get; init; } = 12;

    /// <summary>重伤 44 kPa, 轻伤 17 kPa.</summary>
    public double ChineseSeriousInjuryKPa { get; init; } = 44;
    public double ChineseLightInjuryKPa { get; init; } = 17;
}

/// <summary>How threat zones are drawn.</summary>
public sealed record ZoneSettings
{
    /// <summary>[DESIGN] uniform samples along the downwind axis for a plume/puff footprint (more are added near the source).</summary>
    public int FootprintSamples { get; init; } = 64;

    /// <summary>Vertices of a circular zone.</summary>
    public int CircleVertices { get; init; } = 72;

    /// <summary>Mean Earth radius (m), for the local tangent plane and haversine.</summary>
    public double EarthRadiusM { get; init; } = 6_371_008.8;
}

/// <summary>§7.6 domino thresholds and who counts as people in a zone.</summary>
public sealed record ImpactSettings
{
    /// <summary>Cozzani et al. (2006) escalation thresholds [LIT, recalled — verify]: heat ≥ 10 min exposure, kW/m².</summary>
    public IReadOnlyDictionary<EquipmentClass, double> HeatThresholdKwM2 { get; init; } = new Dictionary<EquipmentClass, double>
    {
        [EquipmentClass.Atmospheric] = 15, [EquipmentClass.Pressurised] = 45,
        // [DESIGN] no separate heat values for elongated and small equipment: the atmospheric value applies.
        [EquipmentClass.Elongated] = 15, [EquipmentClass.Auxiliary] = 15,
    };

    /// <summary>Overpressure escalation thresholds, kPa.</summary>
    public IReadOnlyDictionary<EquipmentClass, double> OverpressureThresholdKPa { get; init; } = new Dictionary<EquipmentClass, double>
    {
        [EquipmentClass.Atmospheric] = 22, [EquipmentClass.Pressurised] = 16,
        [EquipmentClass.Elongated] = 31, [EquipmentClass.Auxiliary] = 37,
    };

    /// <summary>[DESIGN] hazard-source type → equipment class when not pressurised (pressurised wins).</summary>
    public IReadOnlyDictionary<string, EquipmentClass> TypeClass { get; init; } = new Dictionary<string, EquipmentClass>(StringComparer.Ordinal)
    {
        ["pipeline"] = EquipmentClass.Elongated,
    };

    /// <summary>[DESIGN] regions whose population counts as residents, weighted by the zone's share of their area.</summary>
    public IReadOnlyList<UnitKind> ResidentKinds { get; init; } = [UnitKind.Town];

    /// <summary>[DESIGN] evacuation rate per affected unit (people/min), starting at the warning.</summary>
    public double EvacuationPeoplePerMinPerUnit { get; init; } = 20;
}

/// <summary>Per-capability travel and norm data (§8.3, §8.4).</summary>
public sealed record CapabilityProfile(double TurnoutMin, double SpeedKmh, double NormUrbanMin, double NormRuralMin, int MinHeadcount);

/// <summary>§8 dispatch: road factor, per-capability profiles, slot tables, priorities, reserves, staging.</summary>
public sealed record DispatchSettings
{
    /// <summary>[DESIGN] d_road = f·d_gc, f = 1.3 (range 1.2–1.6).</summary>
    public double RoadFactor { get; init; } = 1.3;

    /// <summary>[DESIGN] turnout (min), speed (km/h), norm urban/rural (min), minimum headcount per capability.</summary>
    public IReadOnlyDictionary<string, CapabilityProfile> Profiles { get; init; } = new Dictionary<string, CapabilityProfile>(StringComparer.Ordinal)
    {
        [Capabilities.Fire] = new(1, 30, 15, 15, 5),
        [Capabilities.Hazmat] = new(2, 30, 30, 30, 5),
        [Capabilities.Medical] = new(3, 40, 15, 30, 2),
        [Capabilities.MineRescue] = new(1, 30, 30, 30, 5),
        [Capabilities.SearchRescue] = new(1, 30, 30, 30, 5),
        [Capabilities.Police] = new(1, 40, 30, 30, 2),
        [Capabilities.Environmental] = new(2, 40, 30, 30, 2),
    };

    /// <summary>Used for a capability without a profile.</summary>
    public CapabilityProfile FallbackProfile { get; init; } = new(2, 30, 30, 30, 1);

    /// <summary>Slot filling order (§8.4 step 3): hazmat/mine rescue → fire → medical → others.</summary>
    public IReadOnlyList<string> Priority { get; init; } =
        [Capabilities.Hazmat, Capabilities.MineRescue, Capabilities.Fire, Capabilities.Medical, Capabilities.SearchRescue, Capabilities.Police, Capabilities.Environmental];

    /// <summary>§8.1 required capabilities (minimum) per scenario [DESIGN].</summary>
    public IReadOnlyDictionary<ScenarioKind, IReadOnlyDictionary<string, int>> Required { get; init; } = new Dictionary<ScenarioKind, IReadOnlyDictionary<string, int>>
    {
        [ScenarioKind.ToxicRelease] = new Dictionary<string, int> { [Capabilities.Hazmat] = 1, [Capabilities.Fire] = 1, [Capabilities.Medical] = 1 },
        [ScenarioKind.Fire] = new Dictionary<string, int> { [Capabilities.Fire] = 2, [Capabilities.Medical] = 1 },
        [ScenarioKind.Explosion] = new Dictionary<string, int> { [Capabilities.Fire] = 2, [Capabilities.SearchRescue] = 1, [Capabilities.Medical] = 2 },
        [ScenarioKind.MineAccident] = new Dictionary<string, int> { [Capabilities.MineRescue] = 1 },
    };

    /// <summary>§8.1 "≈ 1 ambulance per 2–3 expected serious casualties" [DESIGN: 2.5].</summary>
    public double SeriousCasualtiesPerMedicalSlot { get; init; } = 2.5;

    /// <summary>[DESIGN] keep one team per capability per district where possible (§8.4 step 5).</summary>
    public bool KeepDistrictReserve { get; init; } = true;

    /// <summary>[DESIGN] the staging point lies upwind, this far beyond the red zone's upwind edge, and at least the minimum from the source (m).</summary>
    public double StagingMarginM { get; init; } = 50;
    public double StagingMinDistanceM { get; init; } = 100;
}
