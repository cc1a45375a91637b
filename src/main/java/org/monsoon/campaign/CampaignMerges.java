package org.monsoon.campaign;

import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.monsoon.advisory.AdvisoryPublisher;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignHeader;

/**
 * Merging the campaigns one report bridges. What analysts see is the contract's: the oldest advisory
 * survives with everything (its title and its span too), and every other is published once more as
 * MERGED, superseded by it, and remembered as retired so that its id is never given to another campaign. What
 * moves is chosen for cost: the smaller campaigns' state moves into the largest one's key, and when the
 * largest is not the oldest it takes the oldest advisory's identity (see
 * {@link org.monsoon.advisory.PublishedCampaigns} on keys and ids).
 */
final class CampaignMerges {
    private final CampaignStores stores;
    private final CampaignLinks links;
    private final AdvisoryPublisher publisher;
    private final BiConsumer<CampaignHeader, AdvisoryStatus> status;

    /** @param status changes a campaign's status, keeping the stage's count of ACTIVE ones */
    CampaignMerges(
            CampaignStores stores,
            CampaignLinks links,
            AdvisoryPublisher publisher,
            BiConsumer<CampaignHeader, AdvisoryStatus> status) {
        this.stores = stores;
        this.links = links;
        this.publisher = publisher;
        this.status = status;
    }

    /**
     * Merges the campaigns a report bridges, as the contract says: the oldest advisory survives and every
     * other is published once more as MERGED, superseded by it. The state is merged the cheap way round:
     * everything moves into the largest campaign's key, which takes the oldest advisory's id, version and
     * history when it is not already the oldest, so a merge costs the size of the smaller campaigns, and
     * a giant campaign is never copied because a smaller, older one joined it.
     *
     * @param now the stage's clock
     * @return the merged campaign's key and header
     */
    KeyValue<String, CampaignHeader> merge(List<KeyValue<String, CampaignHeader>> found, long now) {
        KeyValue<String, CampaignHeader> oldest = found.get(0);
        KeyValue<String, CampaignHeader> largest = found.get(0);
        for (KeyValue<String, CampaignHeader> c : found) {
            oldest = olderThan(c.value, oldest.value) ? c : oldest;
            largest = size(c.value) > size(largest.value) ? c : largest;
        }
        if (size(largest.value) == size(oldest.value)) {
            largest = oldest; // a tie moves nothing that need not move
        }
        CampaignHeader survivor = oldest.value;
        String target = largest.key;
        CampaignHeader into = largest.value;
        if (largest != oldest) {
            // The largest campaign's own advisory is retired, listing what it held; its state carries on
            // as the oldest one's.
            CampaignHeader retired = CampaignHeader.newBuilder(into).build();
            retire(target, retired, survivor.getId(), now);
            stores.retire(retired);
            if (!target.equals(into.getId())) {
                stores.retired(into.getId()); // it had been moved here by an earlier merge
            }
            takeIdentity(into, survivor);
            stores.moved(survivor.getId(), target);
        }
        for (KeyValue<String, CampaignHeader> other : found) {
            if (other != largest) {
                if (other != oldest) {
                    retire(other.key, other.value, survivor.getId(), now);
                    stores.retire(other.value);
                }
                publisher.merging(other.key, target);
                links.moveAll(other.key, target, into);
                stores.deleteCampaign(other.key);
            }
        }
        return KeyValue.pair(target, into);
    }

    /** Publishes a campaign's advisory once more as MERGED into {@code survivorId}. */
    private void retire(String key, CampaignHeader campaign, String survivorId, long now) {
        status.accept(campaign, AdvisoryStatus.MERGED);
        campaign.setSupersededBy(survivorId);
        publisher.publishIfMaterial(key, campaign, now);
    }

    /**
     * The merged state takes the surviving advisory's identity, version history and status. The count of
     * ACTIVE campaigns needs nothing: the retired copy was counted out, and the survivor's own header,
     * deleted with its key, stays counted in through this one.
     */
    private static void takeIdentity(CampaignHeader into, CampaignHeader survivor) {
        into.setId(survivor.getId());
        into.setCreatedAt(survivor.getCreatedAt());
        into.setVersion(survivor.getVersion());
        into.setDigest(survivor.getDigest());
        into.setPublishedTlp(survivor.getPublishedTlp());
        into.setSupersededBy(survivor.getSupersededBy());
        into.setIndicatorsChanged(true); // its indicators are not those the survivor last published
        into.setStatus(survivor.getStatus());
        into.setTitle(survivor.getTitle());
        into.setFounder(survivor.getFounder());
        into.setPublishedReportCount(survivor.getPublishedReportCount());
        into.setPublishedAt(survivor.getPublishedAt());
        // What the survivor said of its span stands: first_seen never later, last_seen never earlier.
        into.setFirstSeen(Math.min(into.getFirstSeen(), survivor.getFirstSeen()));
        into.setLastSeen(Math.max(into.getLastSeen(), survivor.getLastSeen()));
    }

    /** How much state moving a campaign writes: what it holds. */
    private static long size(CampaignHeader campaign) {
        return (long) campaign.getIndicatorCount() + campaign.getReportCount();
    }

    /** Whether a campaign is older than another: it survives a merge. */
    static boolean olderThan(CampaignHeader a, CampaignHeader b) {
        return a.getCreatedAt() != b.getCreatedAt()
                ? a.getCreatedAt() < b.getCreatedAt()
                : a.getId().compareTo(b.getId()) < 0;
    }
}
