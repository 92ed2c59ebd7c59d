using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Api;

/// <summary>
/// A client that is not ours: it knows no generated citytwin types, learns the API through server reflection,
/// and encodes and decodes messages by the field numbers the reflected descriptors give.
/// </summary>
public class ReflectionClientTests(SampleCityHostFixture fixture) : IClassFixture<SampleCityHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    [Fact]
    public async Task Reflection_lists_the_services_and_a_descriptor_driven_client_lists_the_nine_banners()
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Host.Channel);
        using var call = reflection.ServerReflectionInfo(cancellationToken: Ct);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("citytwin.v1.QueryService", services);
        Assert.Contains("citytwin.v1.RegistryService", services);
        Assert.Contains("grpc.health.v1.Health", services);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "citytwin.v1.QueryService" }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        await call.RequestStream.CompleteAsync();

        var messages = files.SelectMany(f => f.MessageType).ToDictionary(m => m.Name);
        var kindEnum = files.SelectMany(f => f.EnumType).Single(e => e.Name == "UnitKind");
        int Field(string message, string field) => messages[message].Field.Single(f => f.Name == field).Number;

        // FindUnitsRequest { kinds: [UNIT_KIND_DISTRICT], path_prefix: "150600" }, encoded by hand.
        var request = new MemoryStream();
        var output = new CodedOutputStream(request);
        output.WriteTag(Field("FindUnitsRequest", "kinds"), WireFormat.WireType.Varint);
        output.WriteEnum(kindEnum.Value.Single(v => v.Name == "UNIT_KIND_DISTRICT").Number);
        output.WriteTag(Field("FindUnitsRequest", "path_prefix"), WireFormat.WireType.LengthDelimited);
        output.WriteString("150600");
        output.Flush();

        var method = new Method<byte[], byte[]>(MethodType.Unary, "citytwin.v1.QueryService", "FindUnits", Bytes, Bytes);
        var response = await fixture.Host.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(cancellationToken: Ct), request.ToArray());

        var codes = new List<string>();
        var page = new CodedInputStream(response);
        for (uint tag; (tag = page.ReadTag()) != 0;)
        {
            if (WireFormat.GetTagFieldNumber(tag) != Field("UnitPage", "units")) { page.SkipLastField(); continue; }
            var summary = new CodedInputStream(page.ReadBytes().ToByteArray());
            for (uint t; (t = summary.ReadTag()) != 0;)
            {
                if (WireFormat.GetTagFieldNumber(t) == Field("UnitSummary", "code")) codes.Add(summary.ReadString());
                else summary.SkipLastField();
            }
        }
        Assert.Equal(["150602", "150603", "150621", "150622", "150623", "150624", "150625", "150626", "150627"], codes);
    }

    [Fact]
    public async Task Health_answers_serving()
    {
        var health = new Grpc.Health.V1.Health.HealthClient(fixture.Host.Channel);
        var reply = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: Ct);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
