package zmd.registry.auction;

import java.util.List;

/**
 * Which listings to list: every condition given must hold; a null one does not filter (an empty list matches
 * nothing). Counties are codes or names, the mineral is matched within the block's reserves, and the block's id is
 * the text the caller sent: the service resolves and checks each.
 */
public record ListingFilter(List<ListingStatus> statuses, List<ListingMethod> methods, List<String> counties, String mineral, String parcelId) {
    public static final ListingFilter ANY = new ListingFilter(null, null, null, null, null);
}
