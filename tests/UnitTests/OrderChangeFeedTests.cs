using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Logging.Abstractions;
using OrderPlatform.Intake.Api;
using OrderPlatform.ServiceDefaults.Coordination;

namespace OrderPlatform.UnitTests;

public class OrderChangeFeedTests
{
    private static OrderChangeFeed NewFeed()
        => new(new SharedRedis(NullLogger<SharedRedis>.Instance), NullLogger<OrderChangeFeed>.Instance);

    [Fact]
    public void Without_Redis_a_waiter_re_reads_every_second_for_the_changes_other_instances_make()
        => Assert.Equal(TimeSpan.FromSeconds(1), NewFeed().ReRead);

    [Fact]
    public void A_reported_change_wakes_the_waiters_of_that_order_only()
    {
        var feed = NewFeed();
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
        var feed = NewFeed();
        feed.Changed("SO-1");
        var next = feed.NextChange("SO-1");
        Assert.False(next.IsCompleted);
        feed.Changed("SO-1");
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public void Forgetting_a_wait_that_was_replaced_keeps_the_new_one()
    {
        var feed = NewFeed();
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
        var feed = NewFeed();
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

    [Fact]
    public void A_change_of_any_order_wakes_the_feed_readers_and_a_later_read_waits_for_the_next_change()
    {
        var feed = NewFeed();
        var reader = feed.NextAnyChange();

        feed.Changed("SO-7");

        Assert.True(reader.IsCompleted);
        var next = feed.NextAnyChange();
        Assert.False(next.IsCompleted);
        feed.Changed("SO-8");
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public void A_feed_cursor_reads_back_as_the_same_position_and_anything_else_is_refused()
    {
        var cursor = new FeedCursor(982, Guid.Parse("0b7d8a52-8f6e-4d5c-9a51-2f0c8d1e3a44"));

        Assert.True(FeedCursor.TryParse(cursor.ToString(), out var read));
        Assert.Equal(cursor, read);
        Assert.True(FeedCursor.TryParse(null, out var none));
        Assert.Equal(FeedCursor.Start, none);
        foreach (var bad in new[] { "bogus", "982", "-1.0b7d8a528f6e4d5c9a512f0c8d1e3a44", "982.not-a-guid", "1.2.3" })
            Assert.False(FeedCursor.TryParse(bad, out _), bad);
    }

    [Fact]
    public void A_full_page_continues_after_its_last_row_and_a_short_page_moves_the_cursor_to_the_horizon()
    {
        var start = new FeedCursor(900, Guid.NewGuid());
        var page = new List<FeedCursor> { new(950, Guid.NewGuid()), new(960, Guid.NewGuid()) };

        // Full: more rows below the horizon may follow, so the next read starts after the last one returned.
        Assert.Equal(page[^1], start.After(page, limit: 2, horizon: 1000));
        // Short: every transaction below the horizon is over and all its orders were in the page.
        Assert.Equal(FeedCursor.Before(1000), start.After(page, limit: 5, horizon: 1000));
        Assert.Equal(999UL, FeedCursor.Before(1000).Xid);
        // A horizon held back by a transaction older than the cursor does not move the reader backwards.
        Assert.Equal(start, start.After([], limit: 5, horizon: 800));
    }
}
