package zmd.registry.parcel;

import java.util.stream.Collectors;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.county.County;
import zmd.registry.county.CountyRepository;

/** A county as callers name it, by GB/T 2260 code or by name, in filters and in the blocks they send. */
final class CountyNames {
    private CountyNames() {
    }

    /** The county named, else BAD_USER_INPUT on {@code field} listing Zhumadian's counties. */
    static County resolve(CountyRepository counties, String codeOrName, String field) {
        County c = counties.find(codeOrName);
        if (c == null) {
            String known = counties.all().stream().map(x -> x.name() + " (" + x.code() + ")").collect(Collectors.joining(", "));
            throw RegistryException.badInput(field, field + ": unknown county " + Texts.quoted(codeOrName) + "; Zhumadian's are " + known);
        }
        return c;
    }
}
