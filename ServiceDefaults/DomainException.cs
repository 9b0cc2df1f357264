namespace OrderPlatform.ServiceDefaults;

/// <summary>
/// An aggregate refused a transition or an operation that its current state does not allow.
/// The API turns it into 409 Conflict with the message as the problem detail.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
