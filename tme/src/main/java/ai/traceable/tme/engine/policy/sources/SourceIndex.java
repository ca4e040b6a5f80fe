package ai.traceable.tme.engine.policy.sources;

import ai.traceable.tme.engine.policy.PolicyAction;
import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every {@code sources} entry in one pair of binary prefix tries (IPv4, IPv6), each block mapped to
 * the entries that list it. A lookup walks at most one trie node per address bit, so its cost does
 * not depend on how many entries or blocks there are.
 *
 * <p>Built once, then only read: thread-safe.
 */
public final class SourceIndex {
  private final IPv4AddressAssociativeTrie<List<SourceEntry>> v4 =
      new IPv4AddressAssociativeTrie<>();
  private final IPv6AddressAssociativeTrie<List<SourceEntry>> v6 =
      new IPv6AddressAssociativeTrie<>();
  private final List<SourceEntry> entries = new ArrayList<>();
  private final List<SourceEntry> allowListMode = new ArrayList<>();

  /** Adds an entry with its blocks. Only during compilation. */
  public void add(SourceEntry entry, List<String> cidrs) {
    entries.add(entry);
    if (entry.action() == PolicyAction.BLOCK_ALL_EXCEPT) {
      allowListMode.add(entry);
    }
    String where = "source '" + entry.id() + "'";
    for (String cidr : cidrs) {
      IPAddress block = IpList.parse(cidr, where).toPrefixBlock();
      if (block.isIPv4()) {
        IPv4Address b = block.toIPv4();
        List<SourceEntry> at = v4.get(b);
        if (at == null) {
          at = new ArrayList<>(1);
          v4.put(b, at);
        }
        if (!at.contains(entry)) {
          at.add(entry);
        }
      } else {
        IPv6Address b = block.toIPv6();
        List<SourceEntry> at = v6.get(b);
        if (at == null) {
          at = new ArrayList<>(1);
          v6.put(b, at);
        }
        if (!at.contains(entry)) {
          at.add(entry);
        }
      }
    }
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** The entries in allow-list mode ({@code block_all_except}), in file order. */
  public List<SourceEntry> allowListMode() {
    return allowListMode;
  }

  /** Calls {@code sink} with every entry one of whose blocks holds the address. */
  public void forEachContaining(IPAddress address, Consumer<SourceEntry> sink) {
    if (address.isIPv6() && address.toIPv6().isIPv4Mapped()) {
      address = address.toIPv6().getEmbeddedIPv4Address();
    }
    if (address.isIPv4()) {
      var chain = v4.elementsContaining(address.toIPv4());
      if (chain != null) {
        for (Iterator<
                    ? extends IPv4AddressAssociativeTrie.IPv4AssociativeTrieNode<List<SourceEntry>>>
                it = chain.nodeIterator(true);
            it.hasNext(); ) {
          it.next().getValue().forEach(sink);
        }
      }
    } else {
      var chain = v6.elementsContaining(address.toIPv6());
      if (chain != null) {
        for (Iterator<
                    ? extends IPv6AddressAssociativeTrie.IPv6AssociativeTrieNode<List<SourceEntry>>>
                it = chain.nodeIterator(true);
            it.hasNext(); ) {
          it.next().getValue().forEach(sink);
        }
      }
    }
  }
}
