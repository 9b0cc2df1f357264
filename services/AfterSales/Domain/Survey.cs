using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.AfterSales.Domain;

public enum SurveyStatus { Open, Answered }

/// <summary>The satisfaction survey that follows a completed order: one per order, answered once.</summary>
public sealed class Survey
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public required string CustomerId { get; init; }
    public required string Channel { get; init; }
    public required List<string> Skus { get; init; }
    public SurveyStatus Status { get; private set; } = SurveyStatus.Open;
    public int? Score { get; private set; }
    public string? Comment { get; private set; }
    public DateTimeOffset OpenedAt { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? AnsweredAt { get; private set; }
    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; set; }

    public void Answer(int score, string? comment, DateTimeOffset at)
    {
        if (Status != SurveyStatus.Open) throw new DomainException($"The survey for {OrderNumber} was already answered.");
        if (score is < 1 or > 5) throw new DomainException("Score must be from 1 to 5.");
        (Status, Score, Comment, AnsweredAt) = (SurveyStatus.Answered, score, comment, at);
    }
}
