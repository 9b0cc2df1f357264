namespace OrderPlatform.Contracts;

/// <summary>A customer the phone desk or sales took on; a business customer is new until a credit controller sets terms.</summary>
public record CustomerRegistered(string CustomerId, string Name, string Kind, string Grade, decimal CreditLimit, decimal DepositPercent,
    bool IsNew, string By, DateTimeOffset At);

/// <summary>A credit controller's new terms for a customer; orders already taken keep the terms they were taken under.</summary>
public record CustomerTermsChanged(string CustomerId, string Grade, decimal CreditLimit, decimal DepositPercent, int PaymentTermsDays,
    string Reason, string By, DateTimeOffset At);

/// <summary>A customer who may (Active) or may not (inactive) place orders from now on.</summary>
public record CustomerActivationChanged(string CustomerId, bool Active, string Reason, string By, DateTimeOffset At);

/// <summary>A customer's name, contact or address changed; <paramref name="Fields"/> names what changed.</summary>
public record CustomerDetailsChanged(string CustomerId, string Name, string? Company, IReadOnlyList<string> Fields, string By, DateTimeOffset At);
