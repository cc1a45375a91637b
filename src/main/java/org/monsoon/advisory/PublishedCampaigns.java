package org.monsoon.advisory;

import java.util.Collection;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.CampaignHeader;

/**
 * What the advisory side needs of the campaign stage's state: a campaign's header and indicators, and
 * writing the header back (its version, digest and published TLP) or deleting a campaign that was never
 * published. The campaign stage's stores implement it, so versioning lives here and clustering there.
 *
 * <p>A campaign is found by its <em>key</em>, where its state is kept; the advisory it publishes is
 * {@link CampaignHeader#getId()}. The two are the same until a merge in which the older advisory
 * survives but the younger campaign is the larger: the older id then moves to the larger campaign's
 * key, so that a merge copies the smaller campaign, never the larger.
 */
public interface PublishedCampaigns {
    /** The header of the campaign kept under {@code key}, or null when it no longer exists. */
    CampaignHeader header(String key);

    /** The campaign's indicators as its advisory lists them, in advisory order (see {@link AdvisoryViews}). */
    Collection<AdvisoryIndicator> advisoryIndicators(String key);

    /** Stores the header as it was published. */
    void save(String key, CampaignHeader campaign);

    /** Deletes everything kept of the campaign. */
    void deleteCampaign(String key);
}
