namespace OrderPlatform.Contracts;

// Published by CreditReview.

public record CreditApproved(Guid OrderId, string OrderNumber, string Reason, string ApprovedBy);

public record CreditHeld(Guid OrderId, string OrderNumber, string Reason, decimal Exposure, decimal CreditLimit);

public record CreditRejected(Guid OrderId, string OrderNumber, string Reason, string RejectedBy);
