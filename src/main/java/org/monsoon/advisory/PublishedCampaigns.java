package org.monsoon.advisory;

import java.util.Map;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;

/**
 * What the advisory side needs of the campaign stage's state: a campaign's header and indicators, and
 * writing the header back (its version, digest and published TLP) or deleting a campaign that was never
 * published. The campaign stage's stores implement it, so versioning lives here and clustering there.
 */
public interface PublishedCampaigns {
    /** The campaign's header, or null when it no longer exists. */
    CampaignHeader header(String campaignId);

    /** The campaign's indicators (indicator key to member spans). */
    Map<String, CampaignIndicator> indicatorsOf(String campaignId);

    /** Stores the header as it was published. */
    void save(CampaignHeader campaign);

    /** Deletes everything kept of the campaign. */
    void deleteCampaign(String campaignId);
}
