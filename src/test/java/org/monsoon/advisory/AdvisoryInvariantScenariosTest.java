package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.monsoon.advisory.AdvisoryInvariantsProperties.Expire;
import org.monsoon.advisory.AdvisoryInvariantsProperties.Redeliver;
import org.monsoon.advisory.AdvisoryInvariantsProperties.Restart;
import org.monsoon.advisory.AdvisoryInvariantsProperties.Run;
import org.monsoon.advisory.AdvisoryInvariantsProperties.Send;
import org.monsoon.advisory.AdvisoryInvariantsProperties.Settle;
import org.monsoon.advisory.AdvisoryInvariantsProperties.Step;
import org.monsoon.advisory.AdvisoryInvariantsProperties.Withdraw;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * The advisory invariants on named scenarios: the cases analysts met (versions restarting after
 * expiry, titles flipping, severity saturating, members missing from indicators) and counterexamples
 * the properties found, shrunk. Indicators are {@link AdvisoryInvariantsProperties#POOL} positions:
 * 0 alpha.example, 1 bravo.example, 2 charlie.example, 3 delta.example, 4 and 5 IPs, 6 a SHA256, 7 a CVE.
 * RSIT 0 phishing, 1 malware distribution, 2 system compromise.
 */
class AdvisoryInvariantScenariosTest {
    /** Runs the steps with restarts and without; both must keep every invariant and end the same. */
    private static Run holds(Step... steps) {
        Run run = Run.of(List.of(steps), true);
        assertEquals(List.of(), run.invariants.violations());
        Run fresh = Run.of(List.of(steps), false);
        assertEquals(List.of(), fresh.invariants.violations());
        assertEquals(
                AdvisoryInvariantsProperties.comparable(fresh.latest),
                AdvisoryInvariantsProperties.comparable(run.latest),
                "the same input without restarts ends elsewhere");
        return run;
    }

    private static Send send(String member, int slot, Severity severity, int rsit, int day, Integer... indicators) {
        return new Send(member, slot, Tlp.GREEN, severity, rsit, Set.of(indicators), day);
    }

    private static Advisory only(Run run) {
        assertEquals(1, run.latest.size(), run.latest.toString());
        return run.latest.values().iterator().next();
    }

    @Test
    void aCampaignThatReformsAfterItsAdvisoryWasForgottenContinuesItsVersions() {
        Run run = holds(
                send("SG", 0, Severity.HIGH, 0, 0, 0),
                send("MY", 0, Severity.HIGH, 0, 1, 0),
                new Settle(),
                new Expire(),
                send("TH", 0, Severity.HIGH, 0, 0, 0),
                send("VN", 0, Severity.HIGH, 0, 1, 0),
                new Settle());
        List<Advisory> versions = run.written();
        assertEquals(
                List.of(AdvisoryStatus.ACTIVE, AdvisoryStatus.EXPIRED, AdvisoryStatus.ACTIVE),
                versions.stream().map(Advisory::getStatus).toList());
        assertEquals(
                List.of(1, 2, 3), versions.stream().map(Advisory::getVersion).toList());
        assertEquals(
                1, versions.stream().map(Advisory::getAdvisoryId).distinct().count(), "one id throughout");
        assertEquals(versions.get(0).getFirstSeen(), versions.get(2).getFirstSeen(), "first_seen holds");
        assertEquals(List.of("TH", "VN"), versions.get(2).getCountries());
    }

    @Test
    void theTitleStaysWhenAnotherTypeComesToDominate() {
        Run run = holds(
                send("SG", 0, Severity.LOW, 0, 0, 0),
                send("MY", 0, Severity.LOW, 0, 1, 0),
                new Settle(),
                send("TH", 0, Severity.LOW, 1, 1, 0, 3),
                send("VN", 0, Severity.LOW, 1, 1, 0, 3),
                send("ID", 0, Severity.LOW, 1, 2, 0, 3),
                new Settle());
        Advisory latest = only(run);
        assertEquals("Phishing campaign around alpha.example", latest.getTitle());
        assertTrue(latest.getVersion() > 1);
    }

    @Test
    void oneMemberAloneCannotMakeAnAdvisoryCritical() {
        Run run = holds(
                send("SG", 0, Severity.CRITICAL, 0, 0, 0),
                send("MY", 0, Severity.MEDIUM, 0, 1, 0),
                send("TH", 0, Severity.LOW, 0, 1, 0),
                new Settle());
        assertEquals(Severity.MEDIUM, only(run).getSeverity());
    }

    @Test
    void actionsFollowOnlyTypesEnoughMembersReported() {
        Run run = holds(send("SG", 0, Severity.LOW, 0, 0, 0), send("MY", 0, Severity.LOW, 2, 1, 0), new Settle());
        List<String> actions = only(run).getRecommendedActions();
        assertTrue(
                actions.stream().noneMatch(a -> a.contains("credentials") || a.contains("Isolate")),
                actions.toString());
    }

    @Test
    void aMemberNewlySeeingAListedIndicatorIsListedOnIt() {
        Run run = holds(
                send("SG", 0, Severity.LOW, 0, 0, 0, 3),
                send("MY", 0, Severity.LOW, 0, 1, 0, 3),
                send("TH", 0, Severity.LOW, 0, 1, 0),
                new Settle(),
                send("TH", 1, Severity.LOW, 0, 2, 3), // TH already counts in the campaign
                new Settle());
        Advisory latest = only(run);
        assertEquals(
                List.of("MY", "SG", "TH"),
                latest.getIndicators().stream()
                        .filter(i -> i.getValue().equals("delta.example"))
                        .findFirst()
                        .orElseThrow()
                        .getCountries());
    }

    @Test
    void aReportCountThatAloneChangedIsRefreshedWithinTheRefreshInterval() {
        Run run = holds(
                send("SG", 0, Severity.LOW, 0, 0, 0),
                send("MY", 0, Severity.LOW, 0, 1, 0),
                new Settle(),
                send("SG", 1, Severity.LOW, 0, 2, 0), // a member already on it: only the count changes
                new Settle());
        List<Advisory> versions = run.written();
        assertEquals(
                List.of(2, 3), versions.stream().map(Advisory::getReportCount).toList());
    }

    @Test
    void firstSeenHoldsWhenTheEarliestReportIsWithdrawn() {
        Run run = holds(
                send("SG", 0, Severity.LOW, 0, 0, 0),
                send("MY", 0, Severity.LOW, 0, 2, 0),
                send("TH", 0, Severity.LOW, 0, 3, 0),
                new Settle(),
                new Withdraw("SG", 0),
                new Settle());
        List<Advisory> versions = run.written();
        assertEquals(
                versions.get(0).getFirstSeen(),
                versions.get(versions.size() - 1).getFirstSeen());
        assertEquals(List.of("MY", "TH"), versions.get(versions.size() - 1).getCountries());
    }

    @Test
    void aWithdrawnAdvisoryKeepsItsTitle() {
        Run run = holds(
                send("SG", 0, Severity.LOW, 1, 0, 6),
                send("MY", 0, Severity.LOW, 1, 1, 6),
                new Settle(),
                new Withdraw("MY", 0),
                new Settle());
        Advisory latest = only(run);
        assertEquals(AdvisoryStatus.WITHDRAWN, latest.getStatus());
        assertEquals(run.written().get(0).getTitle(), latest.getTitle());
        assertTrue(latest.getSummary().startsWith("Withdrawn: "), latest.getSummary());
    }

    @Test
    void aRestrictedReportRevisedToGreenJoinsTheCampaignItsIndicatorsBelongTo() {
        holds(
                new Send("TH", 2, Tlp.AMBER, Severity.LOW, 1, Set.of(7, 2, 1), 3),
                new Send("MY", 1, Tlp.GREEN, Severity.HIGH, 2, Set.of(7), 2),
                new Send("SG", 0, Tlp.RED, Severity.LOW, 2, Set.of(0), 0),
                new Send("SG", 0, Tlp.GREEN, Severity.MEDIUM, 2, Set.of(4, 1, 2), 0));
    }

    @Test
    void aCampaignFormedAfterARestartIsPublished() {
        holds(
                new Send("ID", 2, Tlp.CLEAR, Severity.LOW, 2, Set.of(2, 5, 6), 3),
                new Restart(),
                new Send("VN", 2, Tlp.GREEN, Severity.HIGH, 1, Set.of(2, 6, 3), 2),
                new Settle());
    }

    @Test
    void restrictedReportsAroundAnExpiryLeakNothingAndVersionsGoOn() {
        holds(
                new Send("MY", 0, Tlp.CLEAR, Severity.CRITICAL, 0, Set.of(0, 6, 5), 3),
                new Send("SG", 3, Tlp.CLEAR, Severity.CRITICAL, 0, Set.of(0), 0),
                new Send("SG", 3, Tlp.CLEAR, Severity.LOW, 1, Set.of(5, 7, 2), 2),
                new Send("SG", 1, Tlp.RED, Severity.LOW, 2, Set.of(0), 0),
                new Redeliver(),
                new Send("SG", 3, Tlp.RED, Severity.CRITICAL, 2, Set.of(0), 0),
                new Expire(),
                new Send("TH", 0, Tlp.AMBER, Severity.CRITICAL, 1, Set.of(0, 3), 2),
                new Send("SG", 3, Tlp.CLEAR, Severity.LOW, 0, Set.of(0), 0));
    }
}
