package ai.traceable.tme.engine.seclang.operator;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @ipMatch} and {@code @ipMatchFromFile} ({@code @ipMatchF}): the value is an IPv4 or IPv6
 * address inside one of the listed addresses or CIDR blocks. {@code @ipMatch} takes a
 * comma-separated list; {@code @ipMatchFromFile} names a file (relative to the rule file) with one
 * entry per line, blank lines and {@code #} comments skipped. A value that is not an address does
 * not match.
 */
final class IpMatch implements Operator {
  private final List<IPAddress> blocks;

  private IpMatch(List<IPAddress> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  static IpMatch ofList(String argument) {
    List<IPAddress> blocks = new ArrayList<>();
    for (String entry : argument.split(",")) {
      if (!entry.isBlank()) {
        blocks.add(parse(entry.trim()));
      }
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("@ipMatch needs at least one address");
    }
    return new IpMatch(blocks);
  }

  static IpMatch ofFile(String argument, OperatorResources resources) {
    String file = argument.trim();
    List<IPAddress> blocks = new ArrayList<>();
    try {
      for (String line : resources.lines(file)) {
        String entry = line.strip();
        if (!entry.isEmpty() && entry.charAt(0) != '#') {
          blocks.add(parse(entry));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new IpMatch(blocks);
  }

  private static IPAddress parse(String entry) {
    IPAddress address = new IPAddressString(entry).getAddress();
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR block: " + entry);
    }
    return address.toPrefixBlock();
  }

  @Override
  public boolean matches(String value, MatchContext ctx) {
    IPAddress address = new IPAddressString(value.trim()).getAddress();
    if (address == null) {
      return false;
    }
    for (IPAddress block : blocks) {
      if (block.getIPVersion() == address.getIPVersion() && block.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
