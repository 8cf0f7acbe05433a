//+------------------------------------------------------------------+
//|                                              TradehubBridge.mq5  |
//|  Streams an MT5 terminal's ticks, bars and account state to the  |
//|  Tradehub bridge and executes the bridge's orders.               |
//|                                                                  |
//|  Contract: MT5 Bridge Protocol, version 1                        |
//|  (shared/spec/mt5-bridge-protocol.md). One TCP connection, UTF-8 |
//|  lines ended by "\n", fields separated by "|".                   |
//+------------------------------------------------------------------+
#property copyright   "Tradehub"
#property version     "1.00"
#property description "Tradehub bridge client (protocol v1): streams ticks, history bars and account state, executes ORDER/CLOSE/MODIFY exactly once per order_id."
#property description "Add the bridge host to Tools > Options > Expert Advisors > 'Allow WebRequest for listed URL' and enable 'Allow algorithmic trading'."

#include <Trade\Trade.mqh>

//--- inputs ---------------------------------------------------------
input group "Bridge connection"
input string InpHost              = "127.0.0.1"; // Bridge host (must be in the allowed URL list)
input ushort InpPort              = 8001;        // Bridge port
input string InpApiKey            = "";          // Bridge key (tradehub tenant create NAME)
input bool   InpUseTls            = false;       // Use TLS (SocketTlsHandshake)
input int    InpConnectTimeoutMs  = 5000;        // Connect timeout, ms
input int    InpBackoffMinMs      = 1000;        // Reconnect backoff: first delay, ms
input int    InpBackoffMaxMs      = 60000;       // Reconnect backoff: largest delay, ms
input int    InpFatalRetrySec     = 300;         // Retry delay after E_AUTH / E_VERSION, s
input int    InpPingIntervalSec   = 5;           // Send PING every N seconds (spec: at most 5)
input int    InpSilenceTimeoutSec = 15;          // Reconnect when nothing is received for N seconds

input group "Market data"
input string InpSymbols           = "";          // Symbols, comma separated (empty: the chart's symbol)
input int    InpTimerMs           = 100;         // Timer period, ms (ticks of other symbols, network)
input int    InpBackfillBars      = 500;         // BAR backfill: closed bars per symbol and timeframe (0: none)
input string InpBackfillTimeframes= "M1,H1,D1";  // BAR backfill timeframes (M1 M5 M15 M30 H1 H4 D1 W1 MN1)
input int    InpAccountCheckMs    = 1000;        // Check the account for changes every N ms
input int    InpResumeMaxMinutes  = 60;          // After a restart resend missed ticks up to N minutes old

input group "Orders"
input ulong  InpMagic             = 770001;      // Magic number (used when ORDER's magic is 0)
input uint   InpDeviationPoints   = 10;          // Deviation in points (used when ORDER's deviation is 0, and for CLOSE)

input group "Files (MQL5\\Files sandbox)"
input string InpBufferFile        = "";          // Unacked-message buffer file (empty: TradehubBridge\<login>.buffer)
input string InpOrdersFile        = "";          // Executed-order map file (empty: TradehubBridge\<login>.orders)
input bool   InpCommonFolder      = false;       // Use the common folder of all terminals (FILE_COMMON)
input int    InpCompactEvery      = 5000;        // Rewrite the buffer file after this many acked messages

//--- protocol constants ---------------------------------------------
#define PROTOCOL_VERSION   "1"
#define MAX_LINE_BYTES     4096     // spec: a longer line is a protocol error
#define MAX_COMMENT_CHARS  200      // RESULT comment is cut to keep lines short
#define MT5_COMMENT_CHARS  31       // MT5 order comment limit
#define TICK_BATCH         1000     // CopyTicks batch size
#define OUT_HIGH_WATER     262144   // stop queueing data lines on the wire past this many bytes
#define SEND_CHUNK         32768    // bytes per SocketSend call
#define READ_TIMEOUT_MS    5        // SocketRead timeout: small, the EA must not block
#define WELCOME_TIMEOUT_MS 10000
#define LOG_PREFIX         "[TradehubBridge] "

enum ConnState  { CONN_IDLE, CONN_WAIT_WELCOME, CONN_STREAMING };
enum RetryKind  { RETRY_BACKOFF, RETRY_SOON, RETRY_FATAL };
enum OrderKind  { KIND_ORDER, KIND_CLOSE, KIND_MODIFY };

//--- connection state -----------------------------------------------
int       g_socket      = INVALID_HANDLE;
ConnState g_state       = CONN_IDLE;
ulong     g_nextConnect = 0;      // GetTickCount64() of the next attempt
int       g_backoffMs   = 0;
ulong     g_lastRecv    = 0;      // last byte received
ulong     g_lastPing    = 0;      // last PING sent
ulong     g_helloAt     = 0;
string    g_session     = "";
string    g_fatalError  = "";     // last E_AUTH / E_VERSION, alerted once
uchar     g_in[];                 // received bytes not yet split into lines
int       g_inLen       = 0;
uchar     g_out[];                // bytes waiting to be written to the socket
int       g_outLen      = 0;

//--- data stream: sequence numbers and the unacknowledged buffer -----
string    g_stream      = "";     // 16 hex chars, persisted with the buffer
long      g_lastSeq     = 0;      // last sequence number assigned
long      g_ackedSeq    = 0;      // highest cumulative ACK (or WELCOME last_seq)
string    g_msgLine[];            // unacked data lines, oldest first, from g_msgHead
long      g_msgSeq[];
int       g_msgHead     = 0;
int       g_msgTail     = 0;
int       g_sendIdx     = 0;      // next buffered line to write on this connection
int       g_trimmedSinceCompact = 0;
int       g_bufFile     = INVALID_HANDLE;
string    g_bufName     = "";
uchar     g_journal[];            // lines for the buffer file, written before they are sent
int       g_journalLen  = 0;

//--- symbols and tick cursors ---------------------------------------
string    g_symName[];            // MT5 names
string    g_symWire[];            // sanitized names used on the wire
int       g_symDigits[];
long      g_curMsc[];             // time_msc of the last tick sent
int       g_curCount[];           // ticks at g_curMsc already sent
ENUM_TIMEFRAMES g_bfTf[];
string    g_bfTfName[];

//--- backfill and account -------------------------------------------
bool      g_bfPending   = false;  // BAR backfill still to do for this stream
int       g_bfPos       = 0;      // (symbol, timeframe) pair index
int       g_bfRetries   = 0;
string    g_lastAccount = "";
ulong     g_lastAccountCheck = 0;

//--- orders: order_id -> RESULT line, persisted ------------------------
string    g_ordId[];
string    g_ordResult[];          // "" while an execution is in flight (intent recorded)
string    g_ordIntent[];          // "#PENDING|..." line for in-flight recovery
string    g_ordName     = "";

//--- misc -----------------------------------------------------------
bool      g_ready       = false;  // files loaded (needs the account login)
long      g_login       = 0;
int       g_rejects     = 0;
ulong     g_lastStatus  = 0;
ulong     g_lastPrepare = 0;      // Prepare() is retried every 5 s until it succeeds

//====================================================================
// Small helpers
//====================================================================
void Log(const string msg) { Print(LOG_PREFIX, msg); }

int FileFlags() { return InpCommonFolder ? FILE_COMMON : 0; }

// Fields never contain '|', '\r' or '\n' (spec, Transport).
string Sanitize(const string s)
  {
   string r = s;
   StringReplace(r, "|", "/");
   StringReplace(r, "\r", " ");
   StringReplace(r, "\n", " ");
   return r;
  }

// Plain decimal, '.' separator, no exponent, at most 10 decimals (spec, Transport).
string Decimal(double v, int digits)
  {
   if(!MathIsValidNumber(v))
      v = 0.0;
   if(digits < 0) digits = 0;
   if(digits > 10) digits = 10;
   return DoubleToString(v, digits);
  }

// A decimal without trailing zeros: volumes ("0", "0.1", "1.25").
string Trimmed(double v)
  {
   string s = Decimal(v, 8);
   if(StringFind(s, ".") >= 0)
     {
      int n = StringLen(s);
      while(n > 0 && StringGetCharacter(s, n - 1) == '0') n--;
      if(n > 0 && StringGetCharacter(s, n - 1) == '.') n--;
      s = StringSubstr(s, 0, n);
     }
   if(s == "-0" || s == "") s = "0";
   return s;
  }

// Strict parser for the bridge's numbers: [-]digits[.digits].
bool ParseDecimal(const string s, double &out)
  {
   int n = StringLen(s), i = 0, digits = 0, dots = 0;
   if(n == 0) return false;
   if(StringGetCharacter(s, 0) == '-') i = 1;
   for(; i < n; i++)
     {
      ushort c = StringGetCharacter(s, i);
      if(c == '.') { if(++dots > 1) return false; continue; }
      if(c < '0' || c > '9') return false;
      digits++;
     }
   if(digits == 0) return false;
   out = StringToDouble(s);
   return true;
  }

bool ParseInteger(const string s, long &out)
  {
   int n = StringLen(s);
   if(n == 0 || n > 19) return false;
   for(int i = 0; i < n; i++)
     {
      ushort c = StringGetCharacter(s, i);
      if(c < '0' || c > '9') return false;
     }
   out = StringToInteger(s);
   return true;
  }

// Splits on '|' keeping empty fields ("a||b|" -> 4 fields).
int SplitFields(const string line, string &f[])
  {
   ArrayResize(f, 0);
   int start = 0, n = 0;
   while(true)
     {
      int p = StringFind(line, "|", start);
      ArrayResize(f, n + 1);
      if(p < 0) { f[n++] = StringSubstr(line, start); break; }
      f[n++] = StringSubstr(line, start, p - start);
      start = p + 1;
     }
   return n;
  }

// UTF-8 bytes of a string, without the terminating zero.
int Utf8(const string s, uchar &bytes[])
  {
   ArrayResize(bytes, 0);
   if(StringLen(s) == 0) return 0;
   int n = StringToCharArray(s, bytes, 0, WHOLE_ARRAY, CP_UTF8);
   if(n > 0 && bytes[n - 1] == 0) n--;
   return n;
  }

void BytesAppend(uchar &buf[], int &len, const uchar &src[], int srcLen)
  {
   if(srcLen <= 0) return;
   if(len + srcLen > ArraySize(buf))
      ArrayResize(buf, len + srcLen, 65536);
   ArrayCopy(buf, src, len, 0, srcLen);
   len += srcLen;
  }

void BytesConsume(uchar &buf[], int &len, int n)
  {
   if(n >= len) { len = 0; return; }
   uchar rest[];
   ArrayCopy(rest, buf, 0, n, len - n);
   ArrayCopy(buf, rest, 0, 0, len - n);
   len -= n;
  }

void AppendLineBytes(uchar &buf[], int &len, const string line)
  {
   uchar b[];
   int n = Utf8(line, b);
   BytesAppend(buf, len, b, n);
   uchar nl[1] = {10};
   BytesAppend(buf, len, nl, 1);
  }

// Broker server time in ms, for RESULT when no deal time exists.
long ServerNowMsc() { return (long)TimeTradeServer() * 1000; }

// tz of HELLO: seconds to subtract from server time to get UTC.
// TimeTradeServer() - TimeGMT(), rounded to 15 minutes (every real zone is).
long ServerTzSeconds()
  {
   long tz = (long)(TimeTradeServer() - TimeGMT());
   return (long)MathRound(tz / 900.0) * 900;
  }

// 16 hex chars, drawn once when a new stream starts.
string NewStreamId()
  {
   ulong x = GetMicrosecondCount() ^ ((ulong)TimeLocal() << 20) ^ ((ulong)g_login * 2654435761) ^ (ulong)ChartID();
   MathSrand((int)(x & 0x7FFFFFFF));
   if(x == 0) x = 88172645463325252;
   string hex = "0123456789abcdef", s = "";
   for(int i = 0; i < 16; i++)
     {
      x ^= x << 13; x ^= x >> 7; x ^= x << 17;
      x ^= (ulong)MathRand();
      s += StringSubstr(hex, (int)(x & 15), 1);
     }
   return s;
  }

//====================================================================
// Inputs: symbols and timeframes
//====================================================================
bool ParseSymbols()
  {
   string parts[];
   string list = InpSymbols;
   StringTrimLeft(list); StringTrimRight(list);
   if(list == "") list = _Symbol;
   int n = StringSplit(list, ',', parts);
   int count = 0;
   for(int i = 0; i < n; i++)
     {
      string s = parts[i];
      StringTrimLeft(s); StringTrimRight(s);
      if(s == "") continue;
      if(!SymbolSelect(s, true)) { Log("unknown symbol '" + s + "', skipped"); continue; }
      ArrayResize(g_symName, count + 1);
      ArrayResize(g_symWire, count + 1);
      ArrayResize(g_symDigits, count + 1);
      ArrayResize(g_curMsc, count + 1);
      ArrayResize(g_curCount, count + 1);
      g_symName[count]   = s;
      g_symWire[count]   = Sanitize(s);
      g_symDigits[count] = (int)SymbolInfoInteger(s, SYMBOL_DIGITS);
      g_curMsc[count]    = 0;
      g_curCount[count]  = 0;
      count++;
     }
   return count > 0;
  }

bool TimeframeFromName(const string name, ENUM_TIMEFRAMES &tf)
  {
   if(name == "M1")  { tf = PERIOD_M1;  return true; }
   if(name == "M5")  { tf = PERIOD_M5;  return true; }
   if(name == "M15") { tf = PERIOD_M15; return true; }
   if(name == "M30") { tf = PERIOD_M30; return true; }
   if(name == "H1")  { tf = PERIOD_H1;  return true; }
   if(name == "H4")  { tf = PERIOD_H4;  return true; }
   if(name == "D1")  { tf = PERIOD_D1;  return true; }
   if(name == "W1")  { tf = PERIOD_W1;  return true; }
   if(name == "MN1") { tf = PERIOD_MN1; return true; }
   return false;
  }

void ParseTimeframes()
  {
   string parts[];
   int n = StringSplit(InpBackfillTimeframes, ',', parts), count = 0;
   for(int i = 0; i < n; i++)
     {
      string s = parts[i];
      StringTrimLeft(s); StringTrimRight(s);
      StringToUpper(s);
      ENUM_TIMEFRAMES tf = PERIOD_CURRENT;
      if(s == "") continue;
      if(!TimeframeFromName(s, tf)) { Log("unknown timeframe '" + s + "', skipped"); continue; }
      ArrayResize(g_bfTf, count + 1);
      ArrayResize(g_bfTfName, count + 1);
      g_bfTf[count] = tf;
      g_bfTfName[count] = s;
      count++;
     }
  }

int SymbolIndexByWire(const string wire)
  {
   for(int i = 0; i < ArraySize(g_symWire); i++)
      if(g_symWire[i] == wire) return i;
   return -1;
  }

//====================================================================
// The unacknowledged buffer, file-backed
//
// The buffer file is an append-only journal of protocol lines plus a
// few "#" bookkeeping lines:
//   #STREAM|<stream>   #SEQ|<last assigned>   #ACK|<cumulative ack>
//   #BACKFILL|done     #CURSOR|<symbol>|<time_msc>|<ticks at that ms>
// Every data line is written (and flushed) before it goes on the wire,
// so after a terminal restart the unacked lines come back with their
// stream id and sequence numbers. The file is rewritten (compacted)
// to the unacked lines after InpCompactEvery acked messages.
//====================================================================
void JournalAppend(const string line) { AppendLineBytes(g_journal, g_journalLen, line); }

void JournalFlush()
  {
   if(g_journalLen == 0 || g_bufFile == INVALID_HANDLE) return;
   FileWriteArray(g_bufFile, g_journal, 0, g_journalLen);
   FileFlush(g_bufFile);
   g_journalLen = 0;
  }

void BufferPush(const string line, long seq)
  {
   if(g_msgTail >= ArraySize(g_msgLine))
     {
      ArrayResize(g_msgLine, g_msgTail + 1, 4096);
      ArrayResize(g_msgSeq, g_msgTail + 1, 4096);
     }
   g_msgLine[g_msgTail] = line;
   g_msgSeq[g_msgTail]  = seq;
   g_msgTail++;
  }

int BufferCount() { return g_msgTail - g_msgHead; }

// Moves the live part of the buffer to the front of the arrays.
void BufferShrink()
  {
   int live = BufferCount();
   for(int i = 0; i < live; i++)
     {
      g_msgLine[i] = g_msgLine[g_msgHead + i];
      g_msgSeq[i]  = g_msgSeq[g_msgHead + i];
     }
   g_sendIdx -= g_msgHead;
   if(g_sendIdx < 0) g_sendIdx = 0;
   g_msgHead = 0;
   g_msgTail = live;
   ArrayResize(g_msgLine, live, 4096);
   ArrayResize(g_msgSeq, live, 4096);
  }

// Every data message gets the next sequence number of the stream.
void QueueData(const string type, const string body)
  {
   long seq = g_lastSeq + 1;
   string line = type + "|" + IntegerToString(seq) + "|" + body;
   uchar b[];
   if(Utf8(line, b) + 1 > MAX_LINE_BYTES)
     {
      Log("dropped a " + type + " line longer than " + IntegerToString(MAX_LINE_BYTES) + " bytes");
      return;
     }
   g_lastSeq = seq;
   BufferPush(line, seq);
   JournalAppend(line);
  }

// ACK|seq (cumulative) and WELCOME's last_seq both drop stored messages.
void AckUpTo(long seq)
  {
   if(seq <= g_ackedSeq) return;
   if(seq > g_lastSeq) seq = g_lastSeq;
   g_ackedSeq = seq;
   while(g_msgHead < g_msgTail && g_msgSeq[g_msgHead] <= seq)
     {
      g_msgLine[g_msgHead] = "";
      g_msgHead++;
      g_trimmedSinceCompact++;
     }
   if(g_sendIdx < g_msgHead) g_sendIdx = g_msgHead;
   JournalAppend("#ACK|" + IntegerToString(seq));
   if(g_msgHead > 4096 && g_msgHead > BufferCount()) BufferShrink();
   // rewrite only when the acked part outweighs the live part (amortized)
   if(g_trimmedSinceCompact >= InpCompactEvery && g_trimmedSinceCompact >= BufferCount()) CompactBuffer();
  }

bool OpenBufferForAppend()
  {
   g_bufFile = FileOpen(g_bufName, FILE_READ | FILE_WRITE | FILE_BIN | FILE_SHARE_READ | FileFlags());
   if(g_bufFile == INVALID_HANDLE)
     {
      Log("cannot open buffer file " + g_bufName + ", error " + IntegerToString(GetLastError()));
      return false;
     }
   FileSeek(g_bufFile, 0, SEEK_END);
   return true;
  }

// Rewrites the buffer file with the current state only; written to a
// temporary file first and then moved over the old one.
void CompactBuffer()
  {
   if(g_bufName == "") return;
   uchar data[];
   int len = 0;
   AppendLineBytes(data, len, "#STREAM|" + g_stream);
   AppendLineBytes(data, len, "#SEQ|" + IntegerToString(g_lastSeq));
   AppendLineBytes(data, len, "#ACK|" + IntegerToString(g_ackedSeq));
   if(!g_bfPending) AppendLineBytes(data, len, "#BACKFILL|done");
   for(int i = 0; i < ArraySize(g_symWire); i++)
      if(g_curMsc[i] > 0)
         AppendLineBytes(data, len, "#CURSOR|" + g_symWire[i] + "|" + IntegerToString(g_curMsc[i]) + "|" + IntegerToString(g_curCount[i]));
   for(int i = g_msgHead; i < g_msgTail; i++)
      AppendLineBytes(data, len, g_msgLine[i]);

   string tmp = g_bufName + ".tmp";
   int h = FileOpen(tmp, FILE_WRITE | FILE_BIN | FileFlags());
   if(h == INVALID_HANDLE) { Log("cannot write " + tmp + ", error " + IntegerToString(GetLastError())); return; }
   FileWriteArray(h, data, 0, len);
   FileClose(h);

   if(g_bufFile != INVALID_HANDLE) { FileClose(g_bufFile); g_bufFile = INVALID_HANDLE; }
   if(!FileMove(tmp, FileFlags(), g_bufName, FILE_REWRITE | FileFlags()))
     {
      Log("cannot replace " + g_bufName + " (error " + IntegerToString(GetLastError()) + "), rewriting it in place");
      h = FileOpen(g_bufName, FILE_WRITE | FILE_BIN | FileFlags());
      if(h != INVALID_HANDLE) { FileWriteArray(h, data, 0, len); FileClose(h); }
     }
   g_journalLen = 0;               // the rewritten file holds everything
   g_trimmedSinceCompact = 0;
   OpenBufferForAppend();
  }

// Reads the file as raw bytes and returns its lines (UTF-8, '\r' dropped).
int ReadLines(const string name, string &lines[])
  {
   ArrayResize(lines, 0);
   if(!FileIsExist(name, FileFlags())) return 0;
   int h = FileOpen(name, FILE_READ | FILE_BIN | FILE_SHARE_READ | FILE_SHARE_WRITE | FileFlags());
   if(h == INVALID_HANDLE) { Log("cannot read " + name + ", error " + IntegerToString(GetLastError())); return 0; }
   uchar data[];
   int size = (int)FileSize(h);
   if(size > 0) FileReadArray(h, data, 0, size);
   FileClose(h);
   int n = 0, start = 0;
   for(int i = 0; i <= size; i++)
     {
      if(i < size && data[i] != 10) continue;
      int len = i - start;
      if(len > 0 && data[start + len - 1] == 13) len--;
      if(len > 0)
        {
         ArrayResize(lines, n + 1, 4096);
         lines[n++] = CharArrayToString(data, start, len, CP_UTF8);
        }
      start = i + 1;
     }
   return n;
  }

// Tick cursor bookkeeping shared by TICK lines and #CURSOR lines.
void CursorSee(int sym, long msc, int count)
  {
   if(sym < 0) return;
   if(msc > g_curMsc[sym]) { g_curMsc[sym] = msc; g_curCount[sym] = count; }
   else if(msc == g_curMsc[sym]) g_curCount[sym] += count;
  }

// Restores stream, sequence numbers, unacked lines and tick cursors.
void LoadBuffer()
  {
   g_msgHead = 0;
   g_msgTail = 0;
   g_sendIdx = 0;
   string lines[], f[];
   int n = ReadLines(g_bufName, lines);
   string stream = "";
   long lastSeq = 0, acked = 0;
   bool backfillDone = false;
   for(int i = 0; i < n; i++)
     {
      int k = SplitFields(lines[i], f);
      long v = 0;
      if(f[0] == "#STREAM" && k >= 2) { stream = f[1]; continue; }
      if(f[0] == "#SEQ" && k >= 2 && ParseInteger(f[1], v)) { if(v > lastSeq) lastSeq = v; continue; }
      if(f[0] == "#ACK" && k >= 2 && ParseInteger(f[1], v)) { if(v > acked) acked = v; continue; }
      if(f[0] == "#BACKFILL") { backfillDone = true; continue; }
      if(f[0] == "#CURSOR" && k >= 4)
        {
         long msc = 0, cnt = 0;
         int sym = SymbolIndexByWire(f[1]);
         if(sym >= 0 && ParseInteger(f[2], msc) && ParseInteger(f[3], cnt))
           { g_curMsc[sym] = msc; g_curCount[sym] = (int)cnt; }
         continue;
        }
      if(k < 2 || !ParseInteger(f[1], v)) continue;
      if(f[0] == "TICK" && k >= 4)
        {
         long msc = 0;
         if(ParseInteger(f[3], msc)) CursorSee(SymbolIndexByWire(f[2]), msc, 1);
        }
      if(v > lastSeq) lastSeq = v;
      BufferPush(lines[i], v);
     }
   // keep only what no ACK covered
   int keep = 0;
   for(int i = 0; i < g_msgTail; i++)
      if(g_msgSeq[i] > acked) { g_msgLine[keep] = g_msgLine[i]; g_msgSeq[keep] = g_msgSeq[i]; keep++; }
   g_msgHead = 0;
   g_msgTail = keep;
   g_sendIdx = 0;

   if(keep > 0 && StringLen(stream) == 0)
     {
      g_lastSeq = lastSeq;
      RestartStream("buffer file without a stream id");
      return;
     }
   if(keep > 0)
     {
      // Unacked messages survive: resend them under their stream and seq.
      g_stream    = stream;
      g_lastSeq   = lastSeq;
      g_ackedSeq  = acked;
      g_bfPending = !backfillDone && InpBackfillBars > 0;
      Log("resuming stream " + g_stream + ": " + IntegerToString(keep) + " unacked messages, seq " +
          IntegerToString(g_msgSeq[0]) + ".." + IntegerToString(g_lastSeq));
     }
   else
     {
      g_stream    = NewStreamId();
      g_lastSeq   = 0;
      g_ackedSeq  = 0;
      g_msgTail   = 0;
      g_bfPending = InpBackfillBars > 0 && ArraySize(g_bfTf) > 0;
      Log("new stream " + g_stream);
     }
   CompactBuffer();
  }

// Used when the bridge's view of the stream cannot be reconciled with
// ours: the unacked lines are renumbered from 1 under a new stream (it
// continues the same data, so no second BAR backfill).
void RestartStream(const string why)
  {
   Log("starting a new stream: " + why);
   g_stream = NewStreamId();
   long seq = 0;
   for(int i = g_msgHead; i < g_msgTail; i++)
     {
      string line = g_msgLine[i];
      int p1 = StringFind(line, "|");
      int p2 = StringFind(line, "|", p1 + 1);
      seq++;
      g_msgLine[i] = StringSubstr(line, 0, p1) + "|" + IntegerToString(seq) + "|" + StringSubstr(line, p2 + 1);
      g_msgSeq[i]  = seq;
     }
   g_lastSeq   = seq;
   g_ackedSeq  = 0;
   g_sendIdx   = g_msgHead;
   CompactBuffer();
  }

//====================================================================
// Order map: order_id -> earlier RESULT (exactly once per order_id)
//
// The orders file is append-only:
//   #PENDING|<order_id>|<kind>|<since_ms>|<symbol>|<order type>|<magic>|<volume>
//     written and flushed before the trade request is sent;
//   RESULT|<order_id>|...  written and flushed after it returned.
// A repeated order_id is answered with the stored RESULT. An id with a
// PENDING line but no RESULT (the terminal stopped mid-request) is
// resolved from the terminal's orders and history, never sent twice.
//====================================================================
int OrderFind(const string id)
  {
   for(int i = ArraySize(g_ordId) - 1; i >= 0; i--)
      if(g_ordId[i] == id) return i;
   return -1;
  }

int OrderSlot(const string id)
  {
   int i = OrderFind(id);
   if(i >= 0) return i;
   i = ArraySize(g_ordId);
   ArrayResize(g_ordId, i + 1, 256);
   ArrayResize(g_ordResult, i + 1, 256);
   ArrayResize(g_ordIntent, i + 1, 256);
   g_ordId[i] = id;
   g_ordResult[i] = "";
   g_ordIntent[i] = "";
   return i;
  }

bool OrdersAppend(const string line)
  {
   int h = FileOpen(g_ordName, FILE_READ | FILE_WRITE | FILE_BIN | FILE_SHARE_READ | FileFlags());
   if(h == INVALID_HANDLE) { Log("cannot write " + g_ordName + ", error " + IntegerToString(GetLastError())); return false; }
   FileSeek(h, 0, SEEK_END);
   uchar b[];
   int len = 0;
   AppendLineBytes(b, len, line);
   FileWriteArray(h, b, 0, len);
   FileFlush(h);
   FileClose(h);
   return true;
  }

void LoadOrders()
  {
   ArrayResize(g_ordId, 0);
   ArrayResize(g_ordResult, 0);
   ArrayResize(g_ordIntent, 0);
   string lines[], f[];
   int n = ReadLines(g_ordName, lines);
   for(int i = 0; i < n; i++)
     {
      int k = SplitFields(lines[i], f);
      if(k < 2) continue;
      if(f[0] == "#PENDING") { int s = OrderSlot(f[1]); g_ordIntent[s] = lines[i]; }
      else if(f[0] == "RESULT") { int s = OrderSlot(f[1]); g_ordResult[s] = lines[i]; }
     }
   if(n > 0) Log("order map: " + IntegerToString(ArraySize(g_ordId)) + " order ids");
  }

//====================================================================
// Socket I/O
//====================================================================
// Queues a line for the wire; never longer than MAX_LINE_BYTES.
bool SendLine(const string line)
  {
   uchar b[];
   int n = Utf8(line, b);
   if(n + 1 > MAX_LINE_BYTES) { Log("refused to send a line of " + IntegerToString(n) + " bytes"); return false; }
   BytesAppend(g_out, g_outLen, b, n);
   uchar nl[1] = {10};
   BytesAppend(g_out, g_outLen, nl, 1);
   return true;
  }

// Writes at most SEND_CHUNK bytes, and only when the socket can take
// them: a bridge that stops reading (backpressure) must not block the EA.
bool FlushOut()
  {
   if(g_outLen == 0 || g_socket == INVALID_HANDLE) return true;
   if(!SocketIsWritable(g_socket)) return true;
   int chunk = g_outLen < SEND_CHUNK ? g_outLen : SEND_CHUNK;
   int sent = InpUseTls ? SocketTlsSend(g_socket, g_out, chunk) : SocketSend(g_socket, g_out, chunk);
   if(sent < 0) { Disconnect("send failed, error " + IntegerToString(GetLastError()), RETRY_BACKOFF); return false; }
   BytesConsume(g_out, g_outLen, sent);
   return true;
  }

// Non-blocking read: SocketIsReadable, then SocketRead with a small timeout
// (TLS: SocketTlsReadAvailable). Returns false when the connection is gone.
bool ReadSocket()
  {
   for(int round = 0; round < 16 && g_socket != INVALID_HANDLE; round++)
     {
      uchar chunk[];
      int got = 0;
      ResetLastError();
      if(InpUseTls)
         got = SocketTlsReadAvailable(g_socket, chunk, 65536);
      else
        {
         uint avail = SocketIsReadable(g_socket);
         if(avail == 0) return SocketIsConnected(g_socket);
         // SocketIsReadable may answer 1 for an empty buffer; the read then
         // times out after READ_TIMEOUT_MS, which is not an error.
         got = SocketRead(g_socket, chunk, avail < 65536 ? avail : 65536, READ_TIMEOUT_MS);
         if(got < 0 && SocketIsConnected(g_socket))
            return true;
        }
      if(got < 0) return false;
      if(got == 0) return SocketIsConnected(g_socket);
      g_lastRecv = GetTickCount64();
      BytesAppend(g_in, g_inLen, chunk, got);
      if(!SplitIncoming()) return g_socket != INVALID_HANDLE;
     }
   return true;
  }

// Splits received bytes on '\n', ignoring a '\r' before it.
bool SplitIncoming()
  {
   int start = 0;
   for(int i = 0; i < g_inLen; i++)
     {
      if(g_in[i] != 10) continue;
      int len = i - start;
      if(len > 0 && g_in[start + len - 1] == 13) len--;
      if(len > MAX_LINE_BYTES) { Disconnect("bridge sent a line over 4096 bytes", RETRY_BACKOFF); return false; }
      string line = len > 0 ? CharArrayToString(g_in, start, len, CP_UTF8) : "";
      start = i + 1;
      if(line != "") HandleLine(line);
      if(g_state == CONN_IDLE) return false;   // the line closed the connection
     }
   BytesConsume(g_in, g_inLen, start);
   if(g_inLen > MAX_LINE_BYTES + 1) { Disconnect("bridge line over 4096 bytes", RETRY_BACKOFF); return false; }
   return true;
  }

//====================================================================
// Connection life cycle
//====================================================================
void ScheduleRetry(RetryKind kind)
  {
   ulong now = GetTickCount64();
   if(kind == RETRY_FATAL) { g_nextConnect = now + (ulong)InpFatalRetrySec * 1000; return; }
   if(kind == RETRY_SOON)  { g_backoffMs = InpBackoffMinMs; g_nextConnect = now + (ulong)InpBackoffMinMs; return; }
   if(g_backoffMs <= 0) g_backoffMs = InpBackoffMinMs;
   int jitter = (int)(g_backoffMs * 0.2 * MathRand() / 32767.0);   // up to +20 %
   g_nextConnect = now + (ulong)(g_backoffMs + jitter);
   g_backoffMs = (int)MathMin((double)g_backoffMs * 2.0, (double)InpBackoffMaxMs);
  }

void Disconnect(const string why, RetryKind kind)
  {
   if(g_socket != INVALID_HANDLE) { SocketClose(g_socket); g_socket = INVALID_HANDLE; }
   if(why != "") Log("disconnected: " + why);
   g_state  = CONN_IDLE;
   g_inLen  = 0;
   g_outLen = 0;
   ScheduleRetry(kind);
  }

// SocketCreate / SocketConnect / (SocketTlsHandshake), then HELLO.
void Connect()
  {
   g_socket = SocketCreate();
   if(g_socket == INVALID_HANDLE) { Log("SocketCreate failed, error " + IntegerToString(GetLastError())); ScheduleRetry(RETRY_BACKOFF); return; }
   if(!SocketConnect(g_socket, InpHost, InpPort, InpConnectTimeoutMs))
     {
      // The terminal refuses addresses missing from the allowed URL list.
      Disconnect("cannot connect to " + InpHost + ":" + IntegerToString(InpPort) + ", error " + IntegerToString(GetLastError()) +
                 " (is " + InpHost + " in Tools > Options > Expert Advisors > allowed URLs, and is the bridge listening?)", RETRY_BACKOFF);
      return;
     }
   if(InpUseTls && !SocketTlsHandshake(g_socket, InpHost))
     {
      Disconnect("TLS handshake with " + InpHost + " failed, error " + IntegerToString(GetLastError()), RETRY_BACKOFF);
      return;
     }
   g_inLen = 0;
   g_outLen = 0;
   // HELLO|1|<login>|<api_key>|<server>|<stream>|<tz>
   SendLine("HELLO|" + PROTOCOL_VERSION + "|" + IntegerToString(g_login) + "|" + Sanitize(InpApiKey) + "|" +
            Sanitize(AccountInfoString(ACCOUNT_SERVER)) + "|" + g_stream + "|" + IntegerToString(ServerTzSeconds()));
   g_state    = CONN_WAIT_WELCOME;
   g_helloAt  = GetTickCount64();
   g_lastRecv = g_helloAt;
   g_lastPing = g_helloAt;
   FlushOut();
  }

// WELCOME|<session_id>|<last_seq>: drop what is stored, resend from last_seq + 1.
void HandleWelcome(const string &f[], int k)
  {
   long last = 0;
   if(k != 3 || !ParseInteger(f[2], last)) { Disconnect("malformed WELCOME", RETRY_BACKOFF); return; }
   g_session = f[1];
   if(last > g_lastSeq)
     {
      RestartStream("bridge stored seq " + IntegerToString(last) + " but this terminal only assigned " + IntegerToString(g_lastSeq));
      Disconnect("", RETRY_SOON);
      return;
     }
   if(last < g_ackedSeq)
     {
      RestartStream("bridge stored seq " + IntegerToString(last) + " below its earlier ACK " + IntegerToString(g_ackedSeq));
      Disconnect("", RETRY_SOON);
      return;
     }
   AckUpTo(last);
   g_sendIdx   = g_msgHead;
   g_state     = CONN_STREAMING;
   g_backoffMs = InpBackoffMinMs;
   g_fatalError = "";
   Log("connected, session " + g_session + ", stream " + g_stream + ", bridge has seq " + IntegerToString(last) +
       ", resending " + IntegerToString(BufferCount()));
  }

// ERROR|<code>|<message>: the bridge closes the connection after it.
void HandleError(const string &f[], int k)
  {
   string code = k >= 2 ? f[1] : "";
   string msg  = k >= 3 ? f[2] : "";
   if(code == "E_AUTH" || code == "E_VERSION")
     {
      if(g_fatalError != code)
         Alert(LOG_PREFIX, code, ": ", msg, code == "E_AUTH" ? " - check the bridge key input" : " - update the EA");
      g_fatalError = code;
      Disconnect(code + " " + msg + "; next attempt in " + IntegerToString(InpFatalRetrySec) + " s", RETRY_FATAL);
      return;
     }
   if(code == "E_SEQ_GAP") { Disconnect("E_SEQ_GAP " + msg + ", reconnecting to resend", RETRY_SOON); return; }
   Disconnect(code + " " + msg, RETRY_BACKOFF);
  }

void HandleLine(const string line)
  {
   string f[];
   int k = SplitFields(line, f);
   string type = f[0];
   if(g_state == CONN_WAIT_WELCOME)
     {
      if(type == "WELCOME") HandleWelcome(f, k);
      else if(type == "ERROR") HandleError(f, k);
      else if(type == "PING" && k == 2) SendLine("PONG|" + f[1]);
      return;
     }
   long v = 0;
   if(type == "ACK") { if(k == 2 && ParseInteger(f[1], v)) AckUpTo(v); return; }
   if(type == "REJECT")
     {
      // The message stays buffered until an ACK covers it (spec).
      g_rejects++;
      if(g_rejects <= 50 || g_rejects % 1000 == 0)
         Log("REJECT seq " + (k > 1 ? f[1] : "?") + " " + (k > 2 ? f[2] : "") + " " + (k > 3 ? f[3] : "") +
             " (" + IntegerToString(g_rejects) + " so far)");
      return;
     }
   if(type == "PING")   { if(k == 2) SendLine("PONG|" + f[1]); return; }
   if(type == "PONG")   return;
   if(type == "ERROR")  { HandleError(f, k); return; }
   if(type == "ORDER")  { HandleTradeCommand(KIND_ORDER, f, k, line); return; }
   if(type == "CLOSE")  { HandleTradeCommand(KIND_CLOSE, f, k, line); return; }
   if(type == "MODIFY") { HandleTradeCommand(KIND_MODIFY, f, k, line); return; }
   Log("ignored unknown line: " + StringSubstr(line, 0, 80));
  }

// One network round: connect when due, read, send buffered data, ping.
void NetworkStep()
  {
   ulong now = GetTickCount64();
   if(g_state == CONN_IDLE)
     {
      if(now >= g_nextConnect) Connect();
      if(g_state == CONN_IDLE) return;
     }
   if(!ReadSocket()) { if(g_state != CONN_IDLE) Disconnect("connection lost", RETRY_BACKOFF); return; }
   if(g_state == CONN_IDLE) return;
   now = GetTickCount64();
   if(g_state == CONN_WAIT_WELCOME && now - g_helloAt > WELCOME_TIMEOUT_MS)
     { Disconnect("no WELCOME within " + IntegerToString(WELCOME_TIMEOUT_MS / 1000) + " s", RETRY_BACKOFF); return; }
   if(now - g_lastRecv > (ulong)InpSilenceTimeoutSec * 1000)
     { Disconnect("silent for " + IntegerToString(InpSilenceTimeoutSec) + " s", RETRY_BACKOFF); return; }
   if(g_state == CONN_STREAMING)
     {
      if(now - g_lastPing >= (ulong)InpPingIntervalSec * 1000)
        { SendLine("PING|" + IntegerToString(ServerNowMsc())); g_lastPing = now; }
      JournalFlush();                                   // persisted before it is sent
      while(g_sendIdx < g_msgTail && g_outLen < OUT_HIGH_WATER)
         SendLine(g_msgLine[g_sendIdx++]);
     }
   FlushOut();
  }

//====================================================================
// Market data: TICK, BAR, ACCOUNT
//====================================================================
void EmitTick(int sym, const MqlTick &t)
  {
   int d = g_symDigits[sym];
   // TICK|seq|symbol|time_msc|bid|ask|last|volume|flags
   QueueData("TICK", g_symWire[sym] + "|" + IntegerToString(t.time_msc) + "|" + Decimal(t.bid, d) + "|" +
             Decimal(t.ask, d) + "|" + Decimal(t.last, d) + "|" + Trimmed(t.volume_real) + "|" + IntegerToString(t.flags));
  }

// Starts the cursor after the newest tick, or resumes a persisted one.
bool InitCursor(int sym)
  {
   MqlTick now;
   if(!SymbolInfoTick(g_symName[sym], now) || now.time_msc <= 0) return false;
   if(g_curMsc[sym] > 0 && now.time_msc - g_curMsc[sym] <= (long)InpResumeMaxMinutes * 60000)
      return true;                                      // resume: send what was missed
   if(g_curMsc[sym] > 0) Log(g_symName[sym] + ": last sent tick too old, starting from now");
   MqlTick ticks[];
   int n = CopyTicks(g_symName[sym], ticks, COPY_TICKS_ALL, (ulong)now.time_msc, TICK_BATCH);
   int same = 0;
   for(int i = 0; i < n; i++) if(ticks[i].time_msc == now.time_msc) same++;
   g_curMsc[sym]   = now.time_msc;
   g_curCount[sym] = MathMax(same, 1);
   return true;
  }

// CopyTicks from the cursor: ticks at the cursor's millisecond that were
// already sent are skipped by count, so none is missed or sent twice.
void PollTicks(int sym)
  {
   if(!g_ready) return;
   if(g_curMsc[sym] <= 0 && !InitCursor(sym)) return;
   int batch = TICK_BATCH;
   for(int round = 0; round < 20; round++)
     {
      MqlTick ticks[];
      int n = CopyTicks(g_symName[sym], ticks, COPY_TICKS_ALL, (ulong)g_curMsc[sym], batch);
      if(n <= 0) return;
      long startMsc = g_curMsc[sym];
      int already = g_curCount[sym], seen = 0, emitted = 0;
      for(int i = 0; i < n; i++)
        {
         long t = ticks[i].time_msc;
         if(t < startMsc) continue;
         if(t == startMsc && ++seen <= already) continue;
         if(t == g_curMsc[sym]) g_curCount[sym]++;
         else { g_curMsc[sym] = t; g_curCount[sym] = 1; }
         EmitTick(sym, ticks[i]);
         emitted++;
        }
      if(n < batch) return;
      if(emitted == 0) batch *= 2;                      // a full batch inside one millisecond
     }
  }

void PollAllTicks() { for(int i = 0; i < ArraySize(g_symName); i++) PollTicks(i); }

// ACCOUNT|seq|currency|balance|equity|margin|free_margin|leverage, on change.
void CheckAccount()
  {
   ulong now = GetTickCount64();
   if(now - g_lastAccountCheck < (ulong)InpAccountCheckMs) return;
   g_lastAccountCheck = now;
   string body = Sanitize(AccountInfoString(ACCOUNT_CURRENCY)) + "|" +
                 Decimal(AccountInfoDouble(ACCOUNT_BALANCE), 2) + "|" +
                 Decimal(AccountInfoDouble(ACCOUNT_EQUITY), 2) + "|" +
                 Decimal(AccountInfoDouble(ACCOUNT_MARGIN), 2) + "|" +
                 Decimal(AccountInfoDouble(ACCOUNT_MARGIN_FREE), 2) + "|" +
                 IntegerToString(AccountInfoInteger(ACCOUNT_LEVERAGE));
   if(body == g_lastAccount) return;
   g_lastAccount = body;
   QueueData("ACCOUNT", body);
  }

// BAR history for a new stream, one (symbol, timeframe) per timer call
// once the bridge has welcomed the stream. Only closed bars (from shift 1).
void BackfillStep()
  {
   if(!g_bfPending || g_state != CONN_STREAMING) return;
   int tfs = ArraySize(g_bfTf), total = ArraySize(g_symName) * tfs;
   if(g_bfPos >= total || tfs == 0)
     {
      g_bfPending = false;
      JournalAppend("#BACKFILL|done");
      Log("BAR backfill done");
      return;
     }
   int sym = g_bfPos / tfs, tf = g_bfPos % tfs;
   MqlRates rates[];
   int n = CopyRates(g_symName[sym], g_bfTf[tf], 1, InpBackfillBars, rates);
   if(n < 0 && ++g_bfRetries < 300) return;             // history still loading: retry (about 30 s)
   if(n < 0) Log("no " + g_bfTfName[tf] + " history for " + g_symName[sym] + ", skipped");
   int d = g_symDigits[sym];
   for(int i = 0; i < n; i++)
     {
      // BAR|seq|symbol|timeframe|time|open|high|low|close|tick_volume|spread|real_volume
      QueueData("BAR", g_symWire[sym] + "|" + g_bfTfName[tf] + "|" + IntegerToString((long)rates[i].time * 1000) + "|" +
                Decimal(rates[i].open, d) + "|" + Decimal(rates[i].high, d) + "|" + Decimal(rates[i].low, d) + "|" +
                Decimal(rates[i].close, d) + "|" + IntegerToString(rates[i].tick_volume) + "|" +
                IntegerToString(rates[i].spread) + "|" + IntegerToString(rates[i].real_volume));
     }
   g_bfPos++;
   g_bfRetries = 0;
  }

//====================================================================
// Orders: ORDER / CLOSE / MODIFY -> CTrade -> RESULT
//====================================================================
string ResultLine(const string id, uint retcode, ulong deal, ulong position, double price, int digits,
                  double volume, long timeMsc, const string comment)
  {
   string c = StringSubstr(Sanitize(comment), 0, MAX_COMMENT_CHARS);
   // RESULT|order_id|retcode|deal_ticket|position_ticket|price|volume|time_msc|comment
   return "RESULT|" + id + "|" + IntegerToString(retcode) + "|" + IntegerToString((long)deal) + "|" +
          IntegerToString((long)position) + "|" + Decimal(price, digits) + "|" + Trimmed(volume) + "|" +
          IntegerToString(timeMsc) + "|" + c;
  }

string Refusal(const string id, const string why)
  {
   return ResultLine(id, TRADE_RETCODE_INVALID, 0, 0, 0.0, 0, 0.0, ServerNowMsc(), why);
  }

// Deal time and position id from history when the deal is there.
void DealDetails(ulong deal, ulong &position, long &timeMsc)
  {
   timeMsc = ServerNowMsc();
   if(deal == 0 || !HistoryDealSelect(deal)) return;
   long pos = HistoryDealGetInteger(deal, DEAL_POSITION_ID);
   if(pos > 0) position = (ulong)pos;
   long t = HistoryDealGetInteger(deal, DEAL_TIME_MSC);
   if(t > 0) timeMsc = t;
  }

// RESULT from the CTrade object that ran the request.
string TradeResult(const string id, CTrade &trade, bool sent, ulong position, int digits)
  {
   uint rc = trade.ResultRetcode();
   string comment = trade.ResultComment();
   if(rc == 0)
     {
      rc = TRADE_RETCODE_ERROR;
      comment = "request not sent" + (sent ? "" : ", error " + IntegerToString(GetLastError()));
     }
   ulong deal = trade.ResultDeal(), pos = position;
   long timeMsc = 0;
   DealDetails(deal, pos, timeMsc);
   return ResultLine(id, rc, deal, pos, trade.ResultPrice(), digits, trade.ResultVolume(), timeMsc, comment);
  }

void ConfigureTrade(CTrade &trade, const string symbol, ulong magic, ulong deviation)
  {
   trade.SetExpertMagicNumber(magic);
   trade.SetDeviationInPoints(deviation);
   trade.SetTypeFillingBySymbol(symbol);
   trade.SetAsyncMode(false);
  }

string ResolveSymbol(const string wire)
  {
   int i = SymbolIndexByWire(wire);
   return i >= 0 ? g_symName[i] : wire;
  }

ENUM_ORDER_TYPE OrderTypeOf(const string side, const string type)
  {
   bool buy = side == "BUY";
   if(type == "LIMIT") return buy ? ORDER_TYPE_BUY_LIMIT : ORDER_TYPE_SELL_LIMIT;
   if(type == "STOP")  return buy ? ORDER_TYPE_BUY_STOP : ORDER_TYPE_SELL_STOP;
   return buy ? ORDER_TYPE_BUY : ORDER_TYPE_SELL;
  }

// ORDER|order_id|symbol|side|type|volume|price|sl|tp|deviation|magic|comment
string ExecuteOrder(const string &f[], int slot, bool &remember)
  {
   string id = f[1], symbol = ResolveSymbol(f[2]), side = f[3], type = f[4];
   double volume = 0, price = 0, sl = 0, tp = 0;
   long deviation = 0, magic = 0;
   if(side != "BUY" && side != "SELL") return Refusal(id, "side must be BUY or SELL");
   if(type != "MARKET" && type != "LIMIT" && type != "STOP") return Refusal(id, "type must be MARKET, LIMIT or STOP");
   if(!ParseDecimal(f[5], volume) || volume <= 0) return Refusal(id, "bad volume");
   if(!ParseDecimal(f[6], price) || !ParseDecimal(f[7], sl) || !ParseDecimal(f[8], tp)) return Refusal(id, "bad price, sl or tp");
   if(type != "MARKET" && price <= 0) return Refusal(id, type + " needs a price");
   if(!ParseInteger(f[9], deviation) || !ParseInteger(f[10], magic)) return Refusal(id, "bad deviation or magic");
   if(!SymbolSelect(symbol, true)) return Refusal(id, "unknown symbol " + symbol);

   int digits = (int)SymbolInfoInteger(symbol, SYMBOL_DIGITS);
   price = NormalizeDouble(price, digits);
   sl    = NormalizeDouble(sl, digits);
   tp    = NormalizeDouble(tp, digits);
   ulong useMagic = magic > 0 ? (ulong)magic : InpMagic;
   ulong useDev   = deviation > 0 ? (ulong)deviation : (ulong)InpDeviationPoints;
   ENUM_ORDER_TYPE otype = OrderTypeOf(side, type);
   string comment = StringSubstr(f[11], 0, MT5_COMMENT_CHARS);

   if(!RecordIntent(slot, "#PENDING|" + id + "|ORDER|" + IntegerToString(ServerNowMsc()) + "|" + symbol + "|" +
                    IntegerToString((int)otype) + "|" + IntegerToString((long)useMagic) + "|" + f[5]))
      { remember = false; return Refusal(id, "cannot persist the order map; not executed"); }

   CTrade trade;                                        // fresh: no stale result
   ConfigureTrade(trade, symbol, useMagic, useDev);
   bool sent = false;
   if(otype == ORDER_TYPE_BUY)             sent = trade.Buy(volume, symbol, 0.0, sl, tp, comment);
   else if(otype == ORDER_TYPE_SELL)       sent = trade.Sell(volume, symbol, 0.0, sl, tp, comment);
   else if(otype == ORDER_TYPE_BUY_LIMIT)  sent = trade.BuyLimit(volume, price, symbol, sl, tp, ORDER_TIME_GTC, 0, comment);
   else if(otype == ORDER_TYPE_SELL_LIMIT) sent = trade.SellLimit(volume, price, symbol, sl, tp, ORDER_TIME_GTC, 0, comment);
   else if(otype == ORDER_TYPE_BUY_STOP)   sent = trade.BuyStop(volume, price, symbol, sl, tp, ORDER_TIME_GTC, 0, comment);
   else                                    sent = trade.SellStop(volume, price, symbol, sl, tp, ORDER_TIME_GTC, 0, comment);
   // A market deal's position comes from the deal; a pending order's
   // ticket becomes the position id once it fills.
   return TradeResult(id, trade, sent, trade.ResultOrder(), digits);
  }

// CLOSE|order_id|position_ticket|volume (volume 0 or >= position: full close)
string ExecuteClose(const string &f[], int slot, bool &remember)
  {
   string id = f[1];
   long ticket = 0;
   double volume = 0;
   if(!ParseInteger(f[2], ticket) || ticket <= 0) return Refusal(id, "bad position_ticket");
   if(!ParseDecimal(f[3], volume) || volume < 0) return Refusal(id, "bad volume");
   if(!PositionSelectByTicket((ulong)ticket))
      return ResultLine(id, TRADE_RETCODE_POSITION_CLOSED, 0, (ulong)ticket, 0.0, 0, 0.0, ServerNowMsc(), "position not found");
   string symbol = PositionGetString(POSITION_SYMBOL);
   int digits = (int)SymbolInfoInteger(symbol, SYMBOL_DIGITS);
   bool partial = volume > 0 && volume < PositionGetDouble(POSITION_VOLUME);
   if(!RecordIntent(slot, "#PENDING|" + id + "|" + (partial ? "CLOSE_PARTIAL" : "CLOSE") + "|" + IntegerToString(ServerNowMsc())))
      { remember = false; return Refusal(id, "cannot persist the order map; not executed"); }
   CTrade trade;
   ConfigureTrade(trade, symbol, (ulong)PositionGetInteger(POSITION_MAGIC), InpDeviationPoints);
   bool sent = partial ? trade.PositionClosePartial((ulong)ticket, volume, InpDeviationPoints)
                       : trade.PositionClose((ulong)ticket, InpDeviationPoints);
   return TradeResult(id, trade, sent, (ulong)ticket, digits);
  }

// MODIFY|order_id|position_ticket|sl|tp
string ExecuteModify(const string &f[], int slot, bool &remember)
  {
   string id = f[1];
   long ticket = 0;
   double sl = 0, tp = 0;
   if(!ParseInteger(f[2], ticket) || ticket <= 0) return Refusal(id, "bad position_ticket");
   if(!ParseDecimal(f[3], sl) || !ParseDecimal(f[4], tp)) return Refusal(id, "bad sl or tp");
   if(!PositionSelectByTicket((ulong)ticket))
      return ResultLine(id, TRADE_RETCODE_POSITION_CLOSED, 0, (ulong)ticket, 0.0, 0, 0.0, ServerNowMsc(), "position not found");
   string symbol = PositionGetString(POSITION_SYMBOL);
   int digits = (int)SymbolInfoInteger(symbol, SYMBOL_DIGITS);
   if(!RecordIntent(slot, "#PENDING|" + id + "|MODIFY|" + IntegerToString(ServerNowMsc())))
      { remember = false; return Refusal(id, "cannot persist the order map; not executed"); }
   CTrade trade;
   ConfigureTrade(trade, symbol, (ulong)PositionGetInteger(POSITION_MAGIC), InpDeviationPoints);
   bool sent = trade.PositionModify((ulong)ticket, NormalizeDouble(sl, digits), NormalizeDouble(tp, digits));
   return TradeResult(id, trade, sent, (ulong)ticket, digits);
  }

bool RecordIntent(int slot, const string line)
  {
   if(!OrdersAppend(line)) return false;
   g_ordIntent[slot] = line;
   return true;
  }

// Finds what an interrupted ORDER did: an order with its magic, symbol
// and type placed at or after the intent, active or in history.
string RecoverOrder(const string id, const string &p[], int k)
  {
   long since = 0, otype = 0, magic = 0;
   if(k < 8 || !ParseInteger(p[3], since) || !ParseInteger(p[5], otype) || !ParseInteger(p[6], magic)) return "";
   string symbol = p[4];
   int digits = (int)SymbolInfoInteger(symbol, SYMBOL_DIGITS);
   since -= 2000;                                       // intent time has second resolution
   for(int i = OrdersTotal() - 1; i >= 0; i--)
     {
      ulong t = OrderGetTicket(i);
      if(t == 0 || OrderGetInteger(ORDER_MAGIC) != magic || OrderGetString(ORDER_SYMBOL) != symbol) continue;
      if(OrderGetInteger(ORDER_TYPE) != otype || OrderGetInteger(ORDER_TIME_SETUP_MSC) < since) continue;
      return ResultLine(id, TRADE_RETCODE_PLACED, 0, t, OrderGetDouble(ORDER_PRICE_OPEN), digits,
                        OrderGetDouble(ORDER_VOLUME_INITIAL), OrderGetInteger(ORDER_TIME_SETUP_MSC), "recovered after restart");
     }
   if(!HistorySelect((datetime)(since / 1000 - 60), TimeTradeServer() + 86400)) return "";
   for(int i = HistoryOrdersTotal() - 1; i >= 0; i--)
     {
      ulong t = HistoryOrderGetTicket(i);
      if(t == 0 || HistoryOrderGetInteger(t, ORDER_MAGIC) != magic || HistoryOrderGetString(t, ORDER_SYMBOL) != symbol) continue;
      if(HistoryOrderGetInteger(t, ORDER_TYPE) != otype || HistoryOrderGetInteger(t, ORDER_TIME_SETUP_MSC) < since) continue;
      ulong deal = 0, position = (ulong)HistoryOrderGetInteger(t, ORDER_POSITION_ID);
      double price = HistoryOrderGetDouble(t, ORDER_PRICE_OPEN);
      for(int j = HistoryDealsTotal() - 1; j >= 0; j--)
        {
         ulong d = HistoryDealGetTicket(j);
         if(d > 0 && (ulong)HistoryDealGetInteger(d, DEAL_ORDER) == t) { deal = d; price = HistoryDealGetDouble(d, DEAL_PRICE); break; }
        }
      long state = HistoryOrderGetInteger(t, ORDER_STATE);
      uint rc = state == ORDER_STATE_FILLED ? TRADE_RETCODE_DONE : TRADE_RETCODE_REJECT;
      double filled = HistoryOrderGetDouble(t, ORDER_VOLUME_INITIAL) - HistoryOrderGetDouble(t, ORDER_VOLUME_CURRENT);
      long timeMsc = HistoryOrderGetInteger(t, ORDER_TIME_DONE_MSC);
      return ResultLine(id, rc, deal, position == 0 ? t : position, price, digits, filled, timeMsc, "recovered after restart");
     }
   return "";
  }

// The terminal stopped between the intent and the RESULT. MODIFY and a
// full CLOSE are safe to repeat; an ORDER is looked up; otherwise the
// outcome is reported as unknown rather than risking a second execution.
bool ResolveInterrupted(const string id, const string intent, string &result)
  {
   string p[];
   int k = SplitFields(intent, p);
   string kind = k >= 3 ? p[2] : "";
   if(kind == "MODIFY" || kind == "CLOSE") return false;     // execute again
   if(kind == "ORDER") result = RecoverOrder(id, p, k);
   if(result == "")
      result = ResultLine(id, TRADE_RETCODE_ERROR, 0, 0, 0.0, 0, 0.0, ServerNowMsc(),
                          "outcome unknown: terminal stopped during execution; not executed again, check the terminal");
   return true;
  }

// Exactly once per order_id: a known id is answered with its stored RESULT.
void HandleTradeCommand(OrderKind kind, const string &f[], int k, const string line)
  {
   int expected = kind == KIND_ORDER ? 12 : (kind == KIND_CLOSE ? 4 : 5);
   string id = k >= 2 ? f[1] : "";
   if(id == "") { Log("trade command without order_id ignored: " + StringSubstr(line, 0, 80)); return; }
   int slot = OrderFind(id);
   if(slot >= 0 && g_ordResult[slot] != "")
     {
      Log("order " + id + " already executed; answering with the earlier RESULT");
      SendLine(g_ordResult[slot]);
      return;
     }
   if(slot < 0) slot = OrderSlot(id);
   string result = "";
   bool remember = true;                                // a transient refusal is not remembered
   if(g_ordIntent[slot] != "" && ResolveInterrupted(id, g_ordIntent[slot], result))
      Log("order " + id + " was interrupted by a restart: " + result);
   else if(k != expected)
      result = Refusal(id, f[0] + " needs " + IntegerToString(expected) + " fields, got " + IntegerToString(k));
   else if(!MQLInfoInteger(MQL_TRADE_ALLOWED) || !TerminalInfoInteger(TERMINAL_TRADE_ALLOWED))
     {
      result = ResultLine(id, TRADE_RETCODE_CLIENT_DISABLES_AT, 0, 0, 0.0, 0, 0.0, ServerNowMsc(), "algorithmic trading is disabled in the terminal");
      remember = false;
     }
   else if(kind == KIND_ORDER)
      result = ExecuteOrder(f, slot, remember);
   else if(kind == KIND_CLOSE)
      result = ExecuteClose(f, slot, remember);
   else
      result = ExecuteModify(f, slot, remember);
   if(remember)
     {
      OrdersAppend(result);
      g_ordResult[slot] = result;                       // kept even if the file write failed
     }
   Log(result);
   SendLine(result);
   FlushOut();
  }

//====================================================================
// Start-up, timer, ticks
//====================================================================
// Files are named after the account, so the login must be known first.
bool Prepare()
  {
   ulong now = GetTickCount64();
   if(g_lastPrepare > 0 && now - g_lastPrepare < 5000) return false;
   g_lastPrepare = now;
   g_login = AccountInfoInteger(ACCOUNT_LOGIN);
   if(g_login <= 0) return false;
   string base = "TradehubBridge\\" + IntegerToString(g_login);
   g_bufName = InpBufferFile != "" ? InpBufferFile : base + ".buffer";
   g_ordName = InpOrdersFile != "" ? InpOrdersFile : base + ".orders";
   // FileOpen creates the TradehubBridge folder on first write
   LoadBuffer();
   LoadOrders();
   if(g_bufFile == INVALID_HANDLE) return false;
   g_ready = true;
   g_nextConnect = GetTickCount64();
   return true;
  }

void ShowStatus()
  {
   ulong now = GetTickCount64();
   if(now - g_lastStatus < 1000) return;
   g_lastStatus = now;
   string state = g_state == CONN_STREAMING ? "streaming, session " + g_session
                  : (g_state == CONN_WAIT_WELCOME ? "waiting for WELCOME" : "disconnected" + (g_fatalError != "" ? " (" + g_fatalError + ")" : ""));
   Comment("Tradehub bridge ", InpHost, ":", InpPort, " - ", state, "\nstream ", g_stream, "  last seq ", g_lastSeq,
           "  acked ", g_ackedSeq, "  unacked ", BufferCount(), "  rejects ", g_rejects);
  }

int OnInit()
  {
   if(StringLen(InpApiKey) == 0) { Alert(LOG_PREFIX, "set the bridge key input (tradehub tenant create NAME)"); return INIT_PARAMETERS_INCORRECT; }
   if(InpBackoffMinMs <= 0 || InpBackoffMaxMs < InpBackoffMinMs || InpPingIntervalSec <= 0 || InpPingIntervalSec > 5 ||
      InpTimerMs <= 0 || InpCompactEvery <= 0)
     { Alert(LOG_PREFIX, "invalid inputs: check backoff bounds, ping interval (1..5 s), timer and compaction"); return INIT_PARAMETERS_INCORRECT; }
   if(!ParseSymbols()) { Alert(LOG_PREFIX, "no valid symbol in '", InpSymbols, "'"); return INIT_PARAMETERS_INCORRECT; }
   ParseTimeframes();
   g_backoffMs = InpBackoffMinMs;
   if(!TerminalInfoInteger(TERMINAL_TRADE_ALLOWED))
      Log("'Allow algorithmic trading' is off: ORDER/CLOSE/MODIFY will be answered with retcode 10027");
   if(!EventSetMillisecondTimer(InpTimerMs)) { Log("cannot start the timer"); return INIT_FAILED; }
   Prepare();
   return INIT_SUCCEEDED;
  }

void OnDeinit(const int reason)
  {
   EventKillTimer();
   if(g_ready)
     {
      JournalFlush();
      CompactBuffer();                                  // also saves the tick cursors
     }
   if(g_bufFile != INVALID_HANDLE) { FileClose(g_bufFile); g_bufFile = INVALID_HANDLE; }
   if(g_socket != INVALID_HANDLE) { SocketClose(g_socket); g_socket = INVALID_HANDLE; }
   Comment("");
  }

// The chart's symbol: stream its ticks as they arrive.
void OnTick()
  {
   if(!g_ready) return;
   int i = SymbolIndexByWire(Sanitize(_Symbol));
   if(i >= 0) PollTicks(i);
   if(g_state == CONN_STREAMING) NetworkStep();
  }

// Everything else: other symbols' ticks, account, backfill, network.
void OnTimer()
  {
   if(!g_ready && !Prepare()) return;
   PollAllTicks();
   CheckAccount();
   BackfillStep();
   NetworkStep();
   JournalFlush();
   ShowStatus();
  }
//+------------------------------------------------------------------+
