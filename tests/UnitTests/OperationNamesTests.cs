using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.UnitTests;

public class OperationNamesTests
{
    [Theory]
    [InlineData("ConfirmReceipt", "Orders", "Confirm receipt")]
    [InlineData("Get", "Orders", "Get order")]
    [InlineData("List", "Orders", "List orders")]
    [InlineData("List", "CarrierClaims", "List carrier claims")]
    [InlineData("Issue", "Invoices", "Issue invoice")]
    [InlineData("ReceiveAsync", "", "Receive")]
    public void An_operation_is_summarized_in_words_from_its_handler_and_its_api(string handler, string area, string summary)
        => Assert.Equal(summary, OperationNames.Words(handler, area));
}
