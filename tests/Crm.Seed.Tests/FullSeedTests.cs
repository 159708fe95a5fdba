using Crm.Seed;
using Xunit.Abstractions;

namespace Crm.Seed.Tests;

public sealed class FullSeedTests(FullSeedFixture seed, ITestOutputHelper output) : IClassFixture<FullSeedFixture>
{
    private static readonly Dictionary<int, decimal> _reportedBn = new()
    {
        [1] = 57.83m, [2] = 71.13m, [3] = 72.62m, [4] = 70.72m, [5] = 73.52m, [6] = 78.41m, [7] = 80.01m, [8] = 83.49m,
    };

    [Fact]
    public void Full_seed_counts_per_past_edition_are_in_the_documented_ranges()
    {
        var data = seed.Data;
        output.WriteLine($"generated and written in {seed.Elapsed.TotalSeconds:F1} s");
        foreach (var file in seed.Files)
        {
            output.WriteLine($"{file}: {File.ReadLines(Path.Combine(seed.Folder, file)).Count() - 1} rows");
        }
        foreach (var edition in data.Editions)
        {
            var n = edition.Number;
            var exhibitors = data.Exhibitors.Where(e => e.Edition == n).ToList();
            var buyers = data.Buyers.Where(b => b.Edition == n).ToList();
            var delegations = data.Delegations.Where(d => d.Edition == n).ToList();
            var meetings = data.Meetings.Where(m => m.Edition == n).ToList();
            var deals = data.Deals.Where(d => d.Edition == n).ToList();
            var intents = deals.Count(d => d.IntentSignedOn is not null);
            var contracts = deals.Count(d => d.ContractSignedOn is not null);
            var landed = deals.Count(d => d.LandedOn is not null);
            var countries = exhibitors.Select(e => e.Company.Country.Code).Distinct().Count();
            var returning = (double)exhibitors.Count(e => e.Returning) / exhibitors.Count;
            var fortune500 = (double)exhibitors.Count(e => e.Company.IsFortune500) / exhibitors.Count;
            output.WriteLine($"edition {n}: exhibitors {exhibitors.Count} ({countries} countries, {returning:P0} returning, {fortune500:P1} F500), "
                + $"buyers {buyers.Count}, delegations {delegations.Count(d => d.Parent is null)} + {delegations.Count(d => d.Parent is not null)} sub, "
                + $"meetings {meetings.Count} ({meetings.Count(m => m.Team is not null)} with teams), deals {deals.Count}, intents {intents}, "
                + $"contracts {contracts}, landed {landed}, signing events {data.SigningEvents.Count(s => s.Edition == n)}");

            Assert.InRange(exhibitors.Count, 2500, 4500);
            Assert.InRange(countries, 110, 150);
            Assert.InRange(fortune500, 0.015, 0.05);
            Assert.InRange(buyers.Count, 15000, 25000);
            Assert.InRange(delegations.Count(d => d.Parent is null), 35, 45);
            Assert.InRange(delegations.Count(d => d.Parent is not null), 200, 500);
            Assert.All(buyers, b => Assert.Equal(delegations.Contains(b.Delegation) ? b.Delegation : null, b.Delegation));
            if (n > 2)
            {
                Assert.InRange(returning, 0.55, 0.65);
            }
            if (!edition.IsPast)
            {
                Assert.Empty(meetings);
                Assert.Empty(deals);
                continue;
            }
            Assert.InRange(meetings.Count, 6000, 10500);
            Assert.InRange(intents, 1000, 2500);
            Assert.InRange((double)contracts / intents, 0.3, 0.5);
            Assert.InRange(landed, n <= 6 ? 50 : 20, 150);
            Assert.InRange(data.SigningEvents.Count(s => s.Edition == n), 3, 8);
            Assert.Contains(deals, d => d.SigningEvent is not null);
        }
        Assert.True(data.Buyers.Count(b => b.Company.Country.Code == "CN") > 0.95 * data.Buyers.Count);

        foreach (var issues in data.ServiceIssues.GroupBy(i => i.Edition))
        {
            output.WriteLine($"edition {issues.Key}: service issues {issues.Count()} ("
                + string.Join(", ", issues.GroupBy(i => i.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")) + ")");
        }
        Assert.Equal([7, 8, 9], data.ServiceIssues.Select(i => i.Edition).Distinct().Order());
        Assert.InRange(data.ServiceIssues.Count(i => i.Edition == 9), 200, 500);
    }

    [Fact]
    public void Full_seed_files_have_the_determinism_hash_written_in_docs_seed_md()
    {
        // sha256 over the `sha256sum *.csv` lines of the files in name order (docs/seed.md says how to reproduce it).
        var lines = string.Concat(SeedFiles.Hashes(seed.Folder).Select(h => $"{h.Value.ToLowerInvariant()}  {h.Key}\n"));
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lines))).ToLowerInvariant();
        output.WriteLine($"determinism hash {hash}");
        Assert.Equal("7efa5bda20a8a9d886eea4dc710bf75a83279a126948395a39623c23c4e819fa", hash);
    }

    [Fact]
    public void Intended_values_in_deals_csv_add_up_to_the_reported_total_of_each_edition()
    {
        var (_, deals) = SeedFiles.Read(seed.Folder, "deals");
        foreach (var (edition, bn) in _reportedBn)
        {
            var sum = deals.Where(d => SeedFiles.Int(d["edition"]) == edition && d["intended_value_usd"].Length > 0)
                .Sum(d => SeedFiles.Dec(d["intended_value_usd"]));
            var reported = bn * 1_000_000_000m;
            Assert.InRange(sum, reported * 0.99m, reported * 1.01m);
        }
    }

    [Fact]
    public void No_buyer_exhibitor_or_table_is_booked_twice_at_one_start()
    {
        var (_, meetings) = SeedFiles.Read(seed.Folder, "meetings");
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in meetings)
        {
            Assert.True(codes.Add(m["code"]), $"meeting code {m["code"]} twice");
            Assert.True((m["buyer"].Length == 0) != (m["team"].Length == 0), $"{m["code"]} needs exactly one of buyer and team");
            if (m["status"] == "Cancelled")
            {
                continue;
            }
            var at = m["edition"] + "@" + m["starts_at"];
            Assert.True(taken.Add("e/" + m["exhibitor"] + at), $"exhibitor {m["exhibitor"]} twice at {at}");
            if (m["buyer"].Length > 0)
            {
                Assert.True(taken.Add("b/" + m["buyer"] + at), $"buyer {m["buyer"]} twice at {at}");
            }
            if (m["table_code"].Length > 0)
            {
                Assert.Equal("VenueTable", m["place"]);
                Assert.True(taken.Add("t/" + m["table_code"] + at), $"table {m["table_code"]} twice at {at}");
            }
        }
    }

    [Fact]
    public void Deal_dates_follow_the_stage_and_stay_in_order()
    {
        var (_, deals) = SeedFiles.Read(seed.Folder, "deals");
        var (_, editions) = SeedFiles.Read(seed.Folder, "editions");
        var shows = editions.ToDictionary(e => e["number"], e => (Start: SeedFiles.Date(e["starts_on"])!.Value, End: SeedFiles.Date(e["ends_on"])!.Value));
        var codes = new HashSet<string>(StringComparer.Ordinal);
        string[] intentOrLater = ["IntentSigned", "ContractSigned", "Delivered", "Landed", "Operational"];
        foreach (var d in deals)
        {
            Assert.True(codes.Add(d["code"]));
            var stage = d["stage"];
            var met = SeedFiles.Date(d["met_on"]);
            var intent = SeedFiles.Date(d["intent_signed_on"]);
            var contract = SeedFiles.Date(d["contract_signed_on"]);
            var landed = SeedFiles.Date(d["landed_on"]);
            var works = SeedFiles.Date(d["start_of_works_on"]);
            var show = shows[d["edition"]];
            Assert.NotNull(met);
            Assert.InRange(met!.Value, show.Start, show.End);
            if (intentOrLater.Contains(stage))
            {
                Assert.NotNull(intent);
                Assert.NotEqual("", d["intended_value_usd"]);
            }
            if (stage is "ContractSigned" or "Delivered" or "Landed" or "Operational")
            {
                Assert.NotNull(contract);
            }
            if (stage is "Landed" or "Operational")
            {
                Assert.Equal("Investment", d["kind"]);
                Assert.NotNull(landed);
            }
            Assert.True(intent is null || intent >= met, d["code"]);
            Assert.True(contract is null || (intent is not null && contract > intent), d["code"]);
            Assert.True(landed is null || (contract is not null && landed > contract), d["code"]);
            Assert.True(works is null || (landed is not null && works > landed), d["code"]);
            Assert.True((d["buyer"].Length == 0) != (d["team"].Length == 0));
        }
    }

    /// <summary>
    /// Over the past editions, rank each buyer's candidates (exhibitors sharing a wanted category) three ways and
    /// score the ranking by NDCG@10 against the deal grade (0 nothing, 1 met, 2 intent, 3 contract).
    /// </summary>
    [Fact]
    public void Ground_truth_ranks_clearly_better_than_category_overlap_which_ranks_clearly_better_than_random()
    {
        var data = seed.Data;
        var areaMask = data.Categories.GroupBy(c => c.AreaCode).ToDictionary(g => g.Key, g => g.Aggregate(0UL, (m, c) => m | (1UL << c.Index)));
        var categoryIndex = data.Categories.ToDictionary(c => c.Code, c => c.Index);
        var random = new Random(42);
        double truthSum = 0, overlapSum = 0, randomSum = 0;
        var queries = 0;
        foreach (var edition in data.Editions.Where(e => e.IsPast))
        {
            var exhibitors = data.Exhibitors.Where(e => e.Edition == edition.Number).ToList();
            var byCategory = exhibitors.SelectMany((e, i) => e.Categories.Select(c => (c, i))).ToLookup(x => x.c, x => x.i);
            var grades = data.Deals.Where(d => d.Edition == edition.Number && d.Buyer is not null)
                .GroupBy(d => (d.Buyer!, d.Exhibitor))
                .ToDictionary(g => g.Key, g => g.Max(d => d.Grade));
            foreach (var buyer in grades.Keys.Select(k => k.Item1).Distinct())
            {
                var candidates = buyer.WantedCategories.SelectMany(c => byCategory[c]).Distinct().Order().Select(i => exhibitors[i]).ToList();
                var relevance = candidates.Select(e => grades.GetValueOrDefault((buyer, e))).ToArray();
                if (relevance.All(r => r == 0))
                {
                    continue;
                }
                double[] truth = candidates.Select(e => GroundTruth.ProcurementUtility(data, buyer, e, areaMask[e.AreaCode])).ToArray();
                double[] overlap = candidates.Select(e => (double)e.Categories.Count(buyer.WantedCategories.Contains) / buyer.WantedCategories.Count).ToArray();
                double[] shuffled = candidates.Select(_ => random.NextDouble()).ToArray();
                truthSum += Ndcg(truth, relevance, 10);
                overlapSum += Ndcg(overlap, relevance, 10);
                randomSum += Ndcg(shuffled, relevance, 10);
                queries++;
            }
        }
        var (truthNdcg, overlapNdcg, randomNdcg) = (truthSum / queries, overlapSum / queries, randomSum / queries);
        output.WriteLine($"{queries} queries: NDCG@10 ground truth {truthNdcg:F3}, weighted category overlap {overlapNdcg:F3}, random {randomNdcg:F3}");
        Assert.True(truthNdcg > overlapNdcg + 0.1, $"ground truth {truthNdcg:F3} vs overlap {overlapNdcg:F3}");
        Assert.True(overlapNdcg > randomNdcg + 0.03, $"overlap {overlapNdcg:F3} vs random {randomNdcg:F3}");
    }

    /// <summary>NDCG@k with gain 2^rel − 1; ties in the score keep the candidates' order.</summary>
    private static double Ndcg(double[] scores, int[] relevance, int k)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k);
        var dcg = order.Select((i, rank) => (Math.Pow(2, relevance[i]) - 1) / Math.Log2(rank + 2)).Sum();
        var ideal = relevance.OrderDescending().Take(k).Select((r, rank) => (Math.Pow(2, r) - 1) / Math.Log2(rank + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }
}
