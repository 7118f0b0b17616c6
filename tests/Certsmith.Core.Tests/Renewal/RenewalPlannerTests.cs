using Certsmith.Acme.Resources;
using Certsmith.Core.Certificates;
using Certsmith.Core.Issuance;
using Certsmith.Core.Names;
using Certsmith.Core.Renewal;
using Microsoft.Extensions.Time.Testing;

namespace Certsmith.Core.Tests.Renewal;

/// <summary>DESIGN.md, "Renewal", and the written-down retry ladder, on a fake clock.</summary>
public class RenewalPlannerTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_90_day_certificate_renews_at_two_thirds_of_its_lifetime_moved_earlier_by_at_most_three_days()
    {
        var planner = new RenewalPlanner(new Random(1));

        var moments = Enumerable.Range(0, 500).Select(_ => planner.FromLifetime(Issued, Issued.AddDays(90))).ToList();

        Assert.All(moments, m => Assert.InRange(m, Issued.AddDays(57), Issued.AddDays(60)));
        Assert.True(moments.Distinct().Count() > 400, "jitter spreads renewals");
    }

    [Fact]
    public void A_six_day_certificate_renews_at_half_its_lifetime()
    {
        var planner = new RenewalPlanner(new Random(2));

        var moment = planner.FromLifetime(Issued, Issued.AddDays(6));

        Assert.InRange(moment, Issued.AddDays(3) - TimeSpan.FromDays(6) / 30, Issued.AddDays(3));
    }

    [Fact]
    public void With_ari_the_moment_is_inside_the_cas_window()
    {
        var planner = new RenewalPlanner(new Random(3));
        var info = new RenewalInfo { SuggestedWindow = new RenewalWindow(Issued.AddDays(60), Issued.AddDays(62)) };

        var moment = planner.FromWindow(info, Issued.AddDays(10));

        Assert.InRange(moment, Issued.AddDays(60), Issued.AddDays(62));
    }

    [Fact]
    public void A_renewal_with_under_a_sixth_of_its_lifetime_left_is_urgent()
    {
        var certificate = new CertificateRecord
        {
            Id = Guid.NewGuid(),
            TenantId = Guid.NewGuid(),
            Kind = CertificateKind.Managed,
            Names = [DnsName.Parse("a.example.org")],
            State = CertificateState.Valid,
            NotBefore = Issued,
            NotAfter = Issued.AddDays(90),
            CreatedAt = Issued,
            UpdatedAt = Issued,
        };

        Assert.False(RenewalPlanner.IsUrgent(certificate, Issued.AddDays(74)));
        Assert.True(RenewalPlanner.IsUrgent(certificate, Issued.AddDays(76)));
    }

    [Fact]
    public void The_ladder_slows_down_with_each_failure_on_the_clock_and_retry_after_wins()
    {
        var time = new FakeTimeProvider(Issued);
        var waits = new List<TimeSpan>();
        for (var failures = 1; failures <= 9; failures++)
        {
            var next = RetryLadder.Next(failures, time.GetUtcNow(), retryAfter: null);
            waits.Add(next - time.GetUtcNow());
            time.SetUtcNow(next);
        }

        Assert.Equal([1, 5, 15, 60, 240, 720, 1440, 1440, 1440], waits.Select(w => w.TotalMinutes));
        Assert.Equal(Issued.AddHours(3), RetryLadder.Next(1, Issued, Issued.AddHours(3)));
        Assert.Equal(Issued.AddMinutes(1), RetryLadder.Next(1, Issued, Issued.AddSeconds(-5)));
    }
}
