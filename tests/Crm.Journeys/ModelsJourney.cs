using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// The administrator's model page over the small seed: a refused training request, a model trained and activated by
/// itself, the edition scored, a buyer's proposals read with their reasons, a second model trained and the first one
/// activated again by hand. All in Chinese, the product's first language.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class ModelsJourney(CrmAppFixture app) : IAsyncLifetime
{
    /// <summary>Long enough for a training job on the small seed on a busy two-core machine.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions JobTimeout = new() { Timeout = 180_000 };

    /// <summary>What the page calls the features in Chinese (MatchingText.zh-CN, Feature_*): the importance chart shows some of them.</summary>
    private static readonly Regex FeatureNamesZh = new("需求品类重合数|品类相似度|相关品类|采购预算|预算与典型成交额之比|展位面积|可洽谈场次|同一行业|曾经洽谈|交易团对该地区的偏好");

    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task Administrator_trains_a_model_scores_the_edition_reads_proposals_and_activates_an_earlier_model()
    {
        var (page, failures) = await app.SignedInPageAsync(_browser, "admin");

        // The sidebar's administration group links the page; it is opened by its address.
        await Assertions.Expect(page.Locator(".rz-sidebar a[href='/admin/models']")).ToContainTextAsync("匹配模型");
        await page.GotoAsync("/admin/models");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("匹配模型");
        await Assertions.Expect(page.Locator("[data-testid='no-models']")).ToContainTextAsync("尚无此类模型，请先训练。");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='train']");

        // Half an edition range is refused by the server, in Chinese, and queues nothing.
        await page.Locator("[data-testid='train-from'] input").FillAsync("3");
        await page.Locator("[data-testid='train-from'] input").PressAsync("Tab");
        await page.Locator("[data-testid='train']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='train-card'] .crm-field-error")).ToHaveTextAsync("请同时填写起始届次和结束届次，或都不填。");
        await Assertions.Expect(page.Locator("[data-testid='job']")).ToHaveCountAsync(0);

        // All past editions: the job runs, and the model it registers beats the baseline and becomes active.
        await page.Locator("[data-testid='train-from'] input").FillAsync("");
        await page.Locator("[data-testid='train-from'] input").PressAsync("Tab");
        await page.Locator("[data-testid='train']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync(new Regex("训练任务 \\d+ 已排队。"));
        var training = page.Locator("[data-testid='job']").First;
        await Assertions.Expect(training).ToHaveAttributeAsync("data-status", "Succeeded", JobTimeout);
        await Assertions.Expect(training.Locator("[data-testid='job-outcome']")).ToHaveTextAsync("模型 procurement-1");
        var first = page.Locator("[data-testid='model'][data-version='procurement-1']");
        await Assertions.Expect(first.Locator("[data-testid='model-active']")).ToHaveTextAsync("启用中");
        await Assertions.Expect(first).ToContainTextAsync("优于基线");
        await Assertions.Expect(first.Locator("[data-testid='model-ndcg']")).ToHaveTextAsync(new Regex("^0\\.\\d{3}$"));

        // Its metrics against the baseline and random, and what it relies on.
        var details = page.Locator("[data-testid='model-details']");
        await Assertions.Expect(details.Locator("[data-testid='metrics-chart']")).ToContainTextAsync("NDCG@10");
        await Assertions.Expect(details.Locator("[data-testid='metrics-chart']")).ToContainTextAsync("基线（加权品类重合）");
        await Assertions.Expect(details.Locator("[data-testid='importance-chart']")).ToContainTextAsync(FeatureNamesZh);

        // The current edition, chosen already, is scored.
        await Assertions.Expect(page.Locator("[data-testid='score-edition']")).ToContainTextAsync("本届");
        await page.Locator("[data-testid='score']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync(new Regex("评分任务 \\d+ 已排队。"));
        var scoring = page.Locator("[data-testid='job']").First;
        await Assertions.Expect(scoring).ToHaveAttributeAsync("data-status", "Succeeded", JobTimeout);
        await Assertions.Expect(scoring.Locator("[data-testid='job-outcome']")).ToHaveTextAsync(new Regex("^procurement-1 生成 [\\d,]+ 条推荐$"));

        // A buyer's proposals, best first, each with reasons in Chinese.
        var buyer = await JourneyDatabase.ScalarAsync(app.DatabaseFile, """
            SELECT c.Code FROM Matches m JOIN Buyers b ON b.Id = m.BuyerId JOIN Companies c ON c.Id = b.CompanyId
            WHERE m.Kind = 'Procurement' ORDER BY m.Id LIMIT 1
            """) ?? throw new InvalidOperationException("the scoring job wrote no proposal");
        await page.Locator("[data-testid='preview-counterpart']").ClickAsync();
        await page.Locator(".rz-dropdown-filter").FillAsync(buyer);
        await page.Locator(".rz-dropdown-item", new() { HasText = buyer }).First.ClickAsync();
        var proposals = page.Locator("[data-testid='proposal']");
        await Assertions.Expect(proposals.First).ToBeVisibleAsync();
        Assert.InRange(await proposals.CountAsync(), 1, 10);
        await Assertions.Expect(proposals.First.Locator("td").First).ToHaveTextAsync("1");
        await Assertions.Expect(proposals.First.Locator("[data-testid='reasons'] li").First).ToContainTextAsync(new Regex("[\\u4e00-\\u9fff]"));
        await page.Locator("[data-testid='model-details']").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "models-zh-CN.png") });
        await proposals.Last.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "models-proposals-zh-CN.png") });

        // A second model takes over; the administrator brings the first one back.
        await page.Locator("[data-testid='train']").ClickAsync();
        var retraining = page.Locator("[data-testid='job']").First;
        await Assertions.Expect(retraining.Locator("[data-testid='job-outcome']")).ToHaveTextAsync("模型 procurement-2", new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("[data-testid='model'][data-version='procurement-2'] [data-testid='model-active']")).ToBeVisibleAsync();
        await Assertions.Expect(first.Locator("[data-testid='model-active']")).ToHaveCountAsync(0);
        await first.Locator("[data-testid='activate']").ClickAsync();
        var dialog = await CrmAppFixture.DialogAsync(page, "activate-dialog");
        await dialog.Locator("[data-testid='activation-note']").FillAsync("回到上一版做对比");
        await dialog.Locator("[data-testid='confirm-activate']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("模型 procurement-1 已启用。");
        await Assertions.Expect(first.Locator("[data-testid='model-active']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='model-active']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid='activation']")).ToContainTextAsync("回到上一版做对比");

        // The realisation models: trained by their own button, then shown beside both baselines with a reliability diagram.
        await Assertions.Expect(page.Locator("[data-testid='no-forecast-models']")).ToContainTextAsync("尚无此类落地预测模型，请先训练。");
        await page.Locator("[data-testid='train-forecast']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync(new Regex("落地预测训练任务 \\d+ 已排队。"));
        var forecastTraining = page.Locator("[data-testid='job'][data-kind='forecast-train']").First;
        await Assertions.Expect(forecastTraining).ToHaveAttributeAsync("data-status", "Succeeded", JobTimeout);
        await Assertions.Expect(forecastTraining).ToContainTextAsync("训练落地预测模型");
        await Assertions.Expect(forecastTraining.Locator("[data-testid='job-outcome']")).ToContainTextAsync("forecast-procurement-1");
        var forecaster = page.Locator("[data-testid='forecast-model'][data-version='forecast-procurement-1']");
        await Assertions.Expect(forecaster).ToBeVisibleAsync();
        await Assertions.Expect(forecaster.Locator("[data-testid='best-brier']")).ToHaveCountAsync(1);
        var metrics = page.Locator("[data-testid='forecast-metrics']");
        await Assertions.Expect(metrics).ToBeVisibleAsync();
        await Assertions.Expect(metrics).ToContainTextAsync("基线：基础比例");
        await Assertions.Expect(metrics).ToContainTextAsync("基线：阶段概率");
        var reliability = page.Locator("[data-testid='reliability-chart']");
        await Assertions.Expect(reliability).ToBeVisibleAsync();
        await Assertions.Expect(reliability).ToContainTextAsync("完美校准");
        await Assertions.Expect(reliability).ToContainTextAsync("100%");
        await Assertions.Expect(page.Locator("[data-testid='reliability-caption']")).ToContainTextAsync("期望校准误差");
        await Assertions.Expect(page.Locator("[data-testid='reliability-bin']")).ToHaveCountAsync(10);
        // The forecasts made on the day of the intent have their own diagram.
        var allDays = await page.Locator("[data-testid='reliability-caption']").InnerTextAsync();
        await page.Locator("[data-testid='reliability-scope'] .rz-button", new() { HasText = "签约当日" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='reliability-caption']")).Not.ToHaveTextAsync(allDays);
        await page.Locator("[data-testid='forecast-details']").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "models-forecast-zh-CN.png"), FullPage = true });

        // The other kind has its own registry, empty so far.
        await page.Locator("[data-testid='match-kind'] .rz-button", new() { HasText = "招商团队 ↔ 展商" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='no-models']")).ToBeVisibleAsync();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
