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
 * MERGED, superseded by it, and remembered as retired so that its id is never given to another
 * campaign. Nothing moves: each other campaign's tree of parts is attached under the survivor's
 * ({@link CampaignForest}) and its aggregates are added to the survivor's header, so a merge writes
 * the same few records whatever the campaigns' sizes (plus one per report both counted).
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
     * other is published once more as MERGED, superseded by it, then attached under it.
     *
     * @param found the campaigns, root key and header
     * @param now the stage's clock
     * @return the merged campaign's key and header
     */
    KeyValue<String, CampaignHeader> merge(List<KeyValue<String, CampaignHeader>> found, long now) {
        KeyValue<String, CampaignHeader> oldest = found.get(0);
        for (KeyValue<String, CampaignHeader> c : found) {
            oldest = olderThan(c.value, oldest.value) ? c : oldest;
        }
        CampaignHeader survivor = oldest.value;
        for (KeyValue<String, CampaignHeader> other : found) {
            if (other != oldest) {
                retire(other.key, other.value, survivor.getId(), now);
                stores.retire(other.value);
                publisher.merging(other.key, oldest.key);
                links.absorb(oldest.key, survivor, other.key, other.value);
                stores.headers.delete(other.key);
            }
        }
        return oldest;
    }

    /** Publishes a campaign's advisory once more as MERGED into {@code survivorId}. */
    private void retire(String key, CampaignHeader campaign, String survivorId, long now) {
        status.accept(campaign, AdvisoryStatus.MERGED);
        campaign.setSupersededBy(survivorId);
        publisher.publishIfMaterial(key, campaign, now);
    }

    /** Whether a campaign is older than another: it survives a merge. */
    static boolean olderThan(CampaignHeader a, CampaignHeader b) {
        return a.getCreatedAt() != b.getCreatedAt()
                ? a.getCreatedAt() < b.getCreatedAt()
                : a.getId().compareTo(b.getId()) < 0;
    }
}
