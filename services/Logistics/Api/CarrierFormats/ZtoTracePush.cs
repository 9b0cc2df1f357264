using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Domain;

namespace OrderPlatform.Logistics.Api.CarrierFormats;

/// <summary>
/// ZTO trace push: a form (<c>application/x-www-form-urlencoded</c>) with <c>data</c> (one trace, or an array of them),
/// <c>data_digest</c> = Base64(MD5(data + secret)), <c>msg_type</c> = TRACE_PUSH and <c>company_id</c>.
/// ZTO expects <c>{"status":true,…}</c> when taken. A trace has no id of its own: the same parcel, scan, time and
/// site is the same trace.
/// </summary>
public sealed class ZtoTracePush : CarrierFormat
{
    public override string Carrier => "ZTO";
    public override string Name => "trace-push";

    private sealed record Trace(string? BillCode, string? ScanType, string? ScanSite, string? ScanCity, string? ScanDate, string? Desc,
        string? Contacts, string? ContactsTel);

    public static string Digest(string data, string secret)
        => Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(data + secret)));

    public override IReadOnlyList<CarrierRoute> Read(HttpRequest request, byte[] body, string secret)
    {
        if (!request.HasFormContentType) throw new CarrierPushRefused(400, "请以 application/x-www-form-urlencoded 提交 (post a form)");
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form;
        try { form = new FormReader(Encoding.UTF8.GetString(body)).ReadForm(); }
        catch (InvalidDataException e) { throw new CarrierPushRefused(400, $"表单无法解析 (bad form: {e.Message})"); }
        var data = form.GetValueOrDefault("data").ToString();
        var digest = form.GetValueOrDefault("data_digest").ToString();
        if (data.Length == 0 || digest.Length == 0 || !SameSecret(digest, Digest(data, secret)))
            throw new CarrierPushRefused(401, "data_digest 校验失败 (wrong or missing data_digest)");
        if (form.GetValueOrDefault("msg_type").ToString() != "TRACE_PUSH")
            throw new CarrierPushRefused(400, "msg_type 应为 TRACE_PUSH (msg_type must be TRACE_PUSH)");

        List<JsonElement> traces;
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            traces = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().Select(e => e.Clone()).ToList() : [root.Clone()];
        }
        catch (JsonException e) { throw new CarrierPushRefused(400, $"data 不是有效的 JSON (data is not JSON: {e.Message})"); }
        if (traces.Count == 0) throw new CarrierPushRefused(400, "data 为空 (no traces in data)");
        return traces.Select(Parse).ToList();
    }

    private static CarrierRoute Parse(JsonElement element, int index)
    {
        Trace? t;
        try { t = element.Deserialize<Trace>(ReadJson); }
        catch (JsonException e) { throw new CarrierPushRefused(400, $"data[{index}]: {e.Message}"); }
        var missing = new[] { ("billCode", t?.BillCode), ("scanType", t?.ScanType), ("scanDate", t?.ScanDate) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
        if (missing.Count > 0) throw new CarrierPushRefused(400, $"data[{index}]: 缺少 {string.Join(", ", missing)} (missing)");
        if (ChinaTimestamp(t!.ScanDate) is not { } at)
            throw new CarrierPushRefused(400, $"data[{index}].scanDate: 应为 yyyy-MM-dd HH:mm:ss (expected yyyy-MM-dd HH:mm:ss)");
        var status = StatusOf(t.ScanType!);
        var place = string.Join(" ", new[] { t.ScanCity, t.ScanSite }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{t.BillCode}|{t.ScanType}|{t.ScanDate}|{t.ScanSite}")))[..32];
        return new CarrierRoute(id, t.BillCode!, status, at,
            SignedBy: status == ShipmentStatuses.Delivered ? t.Contacts : null,
            ExceptionCode: status == ShipmentStatuses.Exception ? ExceptionWording.Classify(t.Desc, DeliveryExceptionCodes.DeliveryFailed) : null,
            Detail: t.Desc, Place: place.Length > 0 ? place : null, CarrierStatus: t.ScanType, Raw: element.GetRawText());
    }

    /// <summary>收件 picked up; 发件, 到件 in transit; 派件 out for delivery; 签收 signed; 问题件 a problem parcel.</summary>
    public static string? StatusOf(string scanType) => scanType switch
    {
        "收件" => ShipmentStatuses.PickedUp,
        "发件" or "到件" => ShipmentStatuses.InTransit,
        "派件" => ShipmentStatuses.OutForDelivery,
        "签收" => ShipmentStatuses.Delivered,
        "问题件" => ShipmentStatuses.Exception,
        _ => null,
    };

    public override IResult Taken(string summary)
        => TypedResults.Json(new Answer(true, summary, "0"), AnswerJson, "application/json; charset=utf-8");

    public override IResult Refused(int status, string reason)
        => TypedResults.Json(new Answer(false, reason, status.ToString()), AnswerJson, "application/json; charset=utf-8", status);

    private sealed record Answer(
        [property: JsonPropertyName("status")] bool Status,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("statusCode")] string StatusCode);
}
