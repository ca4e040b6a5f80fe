package ai.traceable.tme.engine.policy.sources;

import ai.traceable.tme.engine.RuleAction;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressTrie;
import java.util.List;

/**
 * A named set of IPv4/IPv6 addresses and CIDR ranges, held in binary prefix tries so a lookup costs
 * at most one step per address bit, whatever the size of the list.
 *
 * <p>Built once, then only read: lookups are thread-safe because the tries are never modified after
 * construction.
 */
public final class IpList {
  private final String id;
  private final RuleAction action;
  private final IPv4AddressTrie v4 = new IPv4AddressTrie();
  private final IPv6AddressTrie v6 = new IPv6AddressTrie();

  private IpList(String id, RuleAction action) {
    this.id = id;
    this.action = action;
  }

  public static IpList compile(String id, RuleAction action, List<String> cidrs) {
    IpList list = new IpList(id, action);
    for (String cidr : cidrs) {
      IPAddress block = parse(cidr, "ip list '" + id + "'");
      if (block.isIPv4()) {
        list.v4.add(block.toIPv4().toPrefixBlock());
      } else {
        list.v6.add(block.toIPv6().toPrefixBlock());
      }
    }
    return list;
  }

  /** Parses one address or CIDR block of an entry; {@code where} names the entry in messages. */
  static IPAddress parse(String cidr, String where) {
    if (cidr == null || cidr.isBlank()) {
      throw new IllegalArgumentException(where + ": holds an empty entry");
    }
    try {
      IPAddress address = new IPAddressString(cidr.trim()).toAddress();
      if (address == null) {
        throw new IllegalArgumentException(
            where + ": '" + cidr + "' is not a single IPv4 or IPv6 block");
      }
      if (address.isIPv6() && address.toIPv6().isIPv4Mapped()) {
        // Client addresses of that form are looked up by their IPv4 part, so such an entry
        // could never match; ask for the IPv4 form instead of silently ignoring it.
        throw new IllegalArgumentException(
            where
                + ": '"
                + cidr
                + "' is an IPv4-mapped IPv6 address; write the IPv4 address or block instead");
      }
      if (address.isMultiple() && !address.isPrefixBlock()) {
        throw new IllegalArgumentException(
            where + ": '" + cidr + "' is a range, not an address or CIDR block");
      }
      return address;
    } catch (AddressStringException e) {
      throw new IllegalArgumentException(
          where + ": '" + cidr + "' is not an IP address or CIDR block", e);
    }
  }

  public String id() {
    return id;
  }

  public RuleAction action() {
    return action;
  }

  /** True when the address lies in one of the list's blocks. Unparseable input never matches. */
  public boolean contains(IPAddress address) {
    if (address.isIPv6()) {
      IPv6Address v6address = address.toIPv6();
      if (v6address.isIPv4Mapped()) {
        return v4.elementContains(v6address.getEmbeddedIPv4Address());
      }
      return v6.elementContains(v6address);
    }
    IPv4Address v4address = address.toIPv4();
    return v4.elementContains(v4address);
  }
}
