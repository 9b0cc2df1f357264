namespace OrderPlatform.Contracts;

// Published by AfterSales.

public record SurveyOpened(Guid OrderId, string OrderNumber, Guid SurveyId);
