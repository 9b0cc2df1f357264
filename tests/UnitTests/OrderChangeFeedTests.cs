using Microsoft.Extensions.Primitives;
using OrderPlatform.Intake.Api;

namespace OrderPlatform.UnitTests;

public class OrderChangeFeedTests
{
    [Fact]
    public void A_reported_change_wakes_the_waiters_of_that_order_only()
    {
        var feed = new OrderChangeFeed();
        var first = feed.NextChange("SO-1");
        var second = feed.NextChange("SO-1");
        var other = feed.NextChange("SO-2");

        feed.Changed("SO-1");

        Assert.True(first.IsCompleted);
        Assert.True(second.IsCompleted);
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public void A_wait_taken_after_a_change_waits_for_the_next_one()
    {
        var feed = new OrderChangeFeed();
        feed.Changed("SO-1");
        var next = feed.NextChange("SO-1");
        Assert.False(next.IsCompleted);
        feed.Changed("SO-1");
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public void Forgetting_a_wait_that_was_replaced_keeps_the_new_one()
    {
        var feed = new OrderChangeFeed();
        var old = feed.NextChange("SO-1");
        feed.Changed("SO-1");
        var current = feed.NextChange("SO-1");

        feed.Forget("SO-1", old);
        feed.Changed("SO-1");

        Assert.True(current.IsCompleted);
    }

    [Fact]
    public void A_forgotten_wait_is_not_handed_to_the_next_waiter()
    {
        var feed = new OrderChangeFeed();
        var abandoned = feed.NextChange("SO-1");
        feed.Forget("SO-1", abandoned);
        Assert.NotSame(abandoned, feed.NextChange("SO-1"));
    }

    [Theory]
    [InlineData("wait=3", 3)]
    [InlineData("return=minimal, wait=2", 2)]
    [InlineData("respond-async; WAIT = 4", 4)]
    [InlineData("wait=600", 5)]
    [InlineData("wait=0", 0)]
    [InlineData("wait=-1", 0)]
    [InlineData("wait=soon", 0)]
    [InlineData("return=minimal", 0)]
    [InlineData("", 0)]
    public void The_wait_preference_is_read_in_seconds_and_capped_at_five(string prefer, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), OrdersApi.RequestedWait(new StringValues(prefer)));
}
