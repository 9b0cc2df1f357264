using System.Text.Json;
using System.Text.RegularExpressions;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Domain;

namespace OrderPlatform.Logistics.Api.CarrierFormats;

/// <summary>
/// SF Express route push (RoutePushService, JSON form): <c>{"Body":{"WaybillRoute":[{id, mailno, orderid, acceptTime,
/// acceptAddress, remark, opCode}, …]}}</c>, several parcels in one push. SF does not sign its pushes: the push address
/// configured with SF carries a secret token (<c>?token=</c>). SF expects <c>return_code</c> 0000 when taken, 1000 when not.
/// </summary>
public sealed partial class SfRoutePush : CarrierFormat
{
    public override string Carrier => "SF";
    public override string Name => "route-push";

    private sealed record Push(PushBody? Body);

    private sealed record PushBody(List<JsonElement>? WaybillRoute);

    private sealed record Route(string? Id, string? Mailno, string? Orderid, string? AcceptTime, string? AcceptAddress, string? Remark, string? OpCode);

    public override IReadOnlyList<CarrierRoute> Read(HttpRequest request, byte[] body, string secret)
    {
        if (!SameSecret(request.Query["token"].ToString(), secret))
            throw new CarrierPushRefused(401, "token 无效 (missing or wrong token in the push address)");
        Push? push;
        try { push = JsonSerializer.Deserialize<Push>(body, ReadJson); }
        catch (JsonException e) { throw new CarrierPushRefused(400, $"报文不是有效的 JSON (not JSON: {e.Message})"); }
        if (push?.Body?.WaybillRoute is not { Count: > 0 } routes)
            throw new CarrierPushRefused(400, "Body.WaybillRoute 为空 (no routes in Body.WaybillRoute)");
        return routes.Select(Parse).ToList();
    }

    private static CarrierRoute Parse(JsonElement element, int index)
    {
        Route? r;
        try { r = element.Deserialize<Route>(ReadJson); }
        catch (JsonException e) { throw new CarrierPushRefused(400, $"WaybillRoute[{index}]: {e.Message}"); }
        var missing = new[] { ("id", r?.Id), ("mailno", r?.Mailno), ("acceptTime", r?.AcceptTime), ("opCode", r?.OpCode) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
        if (missing.Count > 0) throw new CarrierPushRefused(400, $"WaybillRoute[{index}]: 缺少 {string.Join(", ", missing)} (missing)");
        if (ChinaTimestamp(r!.AcceptTime) is not { } at)
            throw new CarrierPushRefused(400, $"WaybillRoute[{index}].acceptTime: 应为 yyyy-MM-dd HH:mm:ss (expected yyyy-MM-dd HH:mm:ss)");
        var status = StatusOf(r.OpCode!);
        return new CarrierRoute(r.Id!, r.Mailno!, status, at,
            SignedBy: status == ShipmentStatuses.Delivered ? SignerIn(r.Remark) : null,
            ExceptionCode: status == ShipmentStatuses.Exception ? ExceptionOf(r.OpCode!, r.Remark) : null,
            Detail: r.Remark, Place: r.AcceptAddress, CarrierStatus: r.OpCode, Raw: element.GetRawText());
    }

    /// <summary>SF's operation codes: 50 picked up; 30, 31, 36 in transit; 44, 204 out for delivery; 80, 8000 signed; 70, 33, 99 exceptions.</summary>
    public static string? StatusOf(string opCode) => opCode switch
    {
        "50" => ShipmentStatuses.PickedUp,
        "30" or "31" or "36" => ShipmentStatuses.InTransit,
        "44" or "204" => ShipmentStatuses.OutForDelivery,
        "80" or "8000" => ShipmentStatuses.Delivered,
        "70" or "33" or "99" => ShipmentStatuses.Exception,
        _ => null,
    };

    /// <summary>70 delivery failed, 33 held, 99 returned; the remark may say the goods were damaged or lost.</summary>
    public static string ExceptionOf(string opCode, string? remark) => ExceptionWording.Classify(remark, opCode switch
    {
        "33" => DeliveryExceptionCodes.Held,
        "99" => DeliveryExceptionCodes.Returned,
        _ => DeliveryExceptionCodes.DeliveryFailed,
    });

    /// <summary>SF names the signer in the remark of a signed route ("已签收,签收人是:张三"); null when it does not.</summary>
    public static string? SignerIn(string? remark)
        => remark is not null && Signer().Match(remark) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"签收人(?:是|为)?\s*[:：]?\s*([^\s,，。.;；]+)")]
    private static partial Regex Signer();

    public override IResult Taken(string summary)
        => TypedResults.Json(new Answer("0000", "成功"), AnswerJson, "application/json; charset=utf-8");

    public override IResult Refused(int status, string reason)
        => TypedResults.Json(new Answer("1000", reason), AnswerJson, "application/json; charset=utf-8", status);

    private sealed record Answer(
        [property: System.Text.Json.Serialization.JsonPropertyName("return_code")] string ReturnCode,
        [property: System.Text.Json.Serialization.JsonPropertyName("return_msg")] string ReturnMsg);
}
