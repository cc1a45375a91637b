package org.monsoon.advisory;

import java.util.Collection;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.CampaignHeader;

/**
 * What the advisory side needs of the campaign stage's state: a campaign's header and indicators, and
 * writing the header back (its version, digest and published TLP) or deleting a campaign that was never
 * published. The campaign stage's stores implement it, so versioning lives here and clustering there.
 *
 * <p>A campaign is found by its <em>key</em>, where its header is kept; the advisory it publishes is
 * {@link CampaignHeader#getId()}. The two are the same: a merge keeps the surviving campaign's key
 * and attaches the others under it. Only state of the release before (format 3) can keep a surviving
 * id under another campaign's key, where that release moved it.
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
