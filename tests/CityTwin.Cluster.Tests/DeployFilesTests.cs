using YamlDotNet.RepresentationModel;
using Xunit;

namespace CityTwin.Cluster.Tests;

/// <summary>
/// No container engine or Kubernetes runs here: these check what can be checked without one. The compose file and
/// the manifests parse as YAML, have the expected kinds and fields, and agree with each other and with the host's
/// setting names; the Dockerfile is multi-stage, runs as non-root and starts the host.
/// </summary>
public sealed class DeployFilesTests
{
    private static string Deploy(params string[] path) => Path.Combine([LocalCluster.RepositoryRoot(), "deploy", .. path]);

    private static List<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(file));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            var map = Assert.IsType<YamlMappingNode>(node, exactMatch: false);
            Assert.True(map.Children.TryGetValue(new YamlScalarNode(key), out var next), $"missing '{key}' in {string.Join('.', path)}");
            node = next!;
        }
        return node;
    }

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value ?? "";

    private static bool Has(YamlNode node, string key) => node is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode(key));

    [Fact]
    public void Compose_runs_postgres_a_schema_step_and_three_silos_each_advertising_its_own_address()
    {
        var compose = Documents(Deploy("docker-compose.yml")).Single();
        var services = (YamlMappingNode)At(compose, "services");
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
        Assert.Equal(new HashSet<string?> { "postgres", "schema", "silo1", "silo2", "silo3" }, names);

        Assert.Equal("--init-db", ((YamlSequenceNode)At(services, "schema", "command")).Children.Select(c => ((YamlScalarNode)c).Value).Single());
        Assert.Equal("service_healthy", Text(services, "schema", "depends_on", "postgres", "condition"));

        var advertised = new HashSet<string>();
        foreach (var silo in new[] { "silo1", "silo2", "silo3" })
        {
            // Merge keys (<<) are resolved by compose, not by the YAML parser: read the anchors' content through them.
            var service = (YamlMappingNode)At(services, silo);
            var merged = (YamlMappingNode)At(service, "<<");
            Assert.Equal("service_completed_successfully", Text(merged, "depends_on", "schema", "condition"));
            var environment = (YamlMappingNode)At(service, "environment");
            var shared = (YamlMappingNode)At(environment, "<<");
            Assert.Equal("postgres", Text(shared, "CityTwin__Cluster__Mode"));
            Assert.Equal("citytwin-compose", Text(shared, "CityTwin__ClusterId"));
            Assert.StartsWith("Host=postgres;", Text(shared, "CityTwin__Postgres"));
            Assert.Contains("CITYTWIN_JWT_KEY:?", Text(shared, "CityTwin__Auth__Jwt__SigningKey"));
            var address = Text(environment, "CityTwin__Cluster__AdvertisedAddress");
            Assert.Equal(address, Text(service, "networks", "citytwin", "ipv4_address"));
            Assert.True(advertised.Add(address), $"{silo} advertises {address} like another silo");
        }
    }

    [Fact]
    public void Kubernetes_manifests_have_the_expected_kinds_probes_pod_ip_and_secret_references()
    {
        var files = new[] { "configmap.yaml", "deployment.yaml", "service.yaml", "pdb.yaml", "secret.example.yaml" };
        var documents = files.SelectMany(f => Documents(Deploy("kubernetes", f))).ToList();
        var byKind = documents.ToDictionary(d => Text(d, "kind"));
        Assert.Equal(new HashSet<string> { "ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "Secret" }, byKind.Keys.ToHashSet());
        Assert.Equal(files.Take(4).Order(), ((YamlSequenceNode)At(Documents(Deploy("kubernetes", "kustomization.yaml")).Single(), "resources")).Children.Select(c => ((YamlScalarNode)c).Value!).Order());

        var deployment = byKind["Deployment"];
        Assert.Equal("apps/v1", Text(deployment, "apiVersion"));
        Assert.Equal("3", Text(deployment, "spec", "replicas"));
        var podLabels = (YamlMappingNode)At(deployment, "spec", "template", "metadata", "labels");
        var selector = (YamlMappingNode)At(deployment, "spec", "selector", "matchLabels");
        Assert.All(selector.Children, l => Assert.Equal(((YamlScalarNode)l.Value).Value, Text(podLabels, ((YamlScalarNode)l.Key).Value!)));
        Assert.Equal("true", Text(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"));

        var container = (YamlMappingNode)((YamlSequenceNode)At(deployment, "spec", "template", "spec", "containers")).Children.Single();
        var ports = ((YamlSequenceNode)At(container, "ports")).Children.ToDictionary(p => Text(p, "name"), p => Text(p, "containerPort"));
        Assert.Equal(new Dictionary<string, string> { ["grpc"] = "50051", ["http"] = "8080", ["silo"] = "11111", ["gateway"] = "30000" }, ports);
        Assert.Equal(("/healthz/live", "http"), (Text(container, "livenessProbe", "httpGet", "path"), Text(container, "livenessProbe", "httpGet", "port")));
        Assert.Equal(("/healthz/ready", "http"), (Text(container, "readinessProbe", "httpGet", "path"), Text(container, "readinessProbe", "httpGet", "port")));

        var env = ((YamlSequenceNode)At(container, "env")).Children.ToDictionary(e => Text(e, "name"));
        Assert.Equal("status.podIP", Text(env["POD_IP"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("$(POD_IP)", Text(env["CityTwin__Cluster__AdvertisedAddress"], "value"));
        var secret = byKind["Secret"];
        foreach (var (variable, key) in new[] { ("CityTwin__Postgres", "postgres"), ("CityTwin__Auth__Jwt__SigningKey", "jwt-signing-key") })
        {
            Assert.Equal(Text(secret, "metadata", "name"), Text(env[variable], "valueFrom", "secretKeyRef", "name"));
            Assert.Equal(key, Text(env[variable], "valueFrom", "secretKeyRef", "key"));
            Assert.True(Has(At(secret, "stringData"), key), $"the example Secret lacks '{key}'");
        }
        var configMap = byKind["ConfigMap"];
        Assert.Equal(Text(configMap, "metadata", "name"), Text(((YamlSequenceNode)At(container, "envFrom")).Children.Single(), "configMapRef", "name"));
        Assert.Equal("postgres", Text(configMap, "data", "CityTwin__Cluster__Mode"));
        Assert.Equal("0.0.0.0", Text(configMap, "data", "CityTwin__Bind"));
        var init = ((YamlSequenceNode)At(deployment, "spec", "template", "spec", "initContainers")).Children.Single();
        Assert.Equal("--init-db", ((YamlSequenceNode)At(init, "args")).Children.Select(c => ((YamlScalarNode)c).Value).Single());

        var service = byKind["Service"];
        Assert.All(((YamlMappingNode)At(service, "spec", "selector")).Children, l => Assert.Equal(((YamlScalarNode)l.Value).Value, Text(podLabels, ((YamlScalarNode)l.Key).Value!)));
        Assert.All(((YamlSequenceNode)At(service, "spec", "ports")).Children, p => Assert.Contains(Text(p, "targetPort"), ports.Keys));

        var pdb = byKind["PodDisruptionBudget"];
        Assert.Equal("policy/v1", Text(pdb, "apiVersion"));
        Assert.Equal("1", Text(pdb, "spec", "maxUnavailable"));
        Assert.All(((YamlMappingNode)At(pdb, "spec", "selector", "matchLabels")).Children, l => Assert.Equal(((YamlScalarNode)l.Value).Value, Text(podLabels, ((YamlScalarNode)l.Key).Value!)));
    }

    [Fact]
    public void Dockerfile_builds_in_one_stage_and_runs_the_host_unprivileged_in_another()
    {
        var lines = File.ReadAllLines(Deploy("Dockerfile")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, from.Count);
        Assert.Contains("dotnet/sdk:10.0", from[0]);
        Assert.Contains("dotnet/aspnet:10.0", from[1]);
        Assert.Contains(lines, l => l.StartsWith("COPY --from=build", StringComparison.Ordinal));
        var user = Assert.Single(lines, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain("root", user);
        Assert.True(lines.IndexOf(user) > lines.IndexOf(from[1]), "USER must apply to the runtime stage");
        Assert.Equal("ENTRYPOINT [\"dotnet\", \"CityTwin.Host.dll\"]", lines[^1]);
        // What the host reads at run time must be in the build context the Dockerfile copies.
        Assert.Contains("COPY deploy/sql/ deploy/sql/", lines);
        Assert.Contains("COPY scenarios/ordos/ scenarios/ordos/", lines);
    }
}
