import json,sys,collections
d=json.load(open(sys.argv[1]))
frames=[f['name'] for f in d['shared']['frames']]
idle=('WaitForSignal','WaitOneNoCheck','Monitor.Wait','Sys.Read','WaitHandle.WaitOne','PollGC','ManualResetEventSlim.Wait','SpinThenBlockingWait','Thread.Sleep','EventLoop','epoll','Interop+Sys.WaitForSocketEvents')
excl=collections.Counter(); incl=collections.Counter(); busy=0.0
focus=sys.argv[2] if len(sys.argv)>2 else None
anc=collections.Counter()
for p in d['profiles']:
    stack=[]; last=None
    for e in p['events']:
        t=e['at']
        if last is not None and stack:
            dt=t-last
            top=frames[stack[-1]]
            if not any(k in top for k in idle):
                busy+=dt; excl[top]+=dt
                seen=set()
                for fi in stack:
                    n=frames[fi]
                    if n not in seen: incl[n]+=dt; seen.add(n)
                if focus and any(focus in frames[fi] for fi in stack):
                    # nearest app frame
                    names=[frames[fi] for fi in stack]
                    app=[n for n in names if ('CityTwin' in n or 'Orleans' in n or 'Grpc' in n or 'Protobuf' in n)]
                    anc[' < '.join(app[-3:])]+=dt
        if e['type']=='O': stack.append(e['frame'])
        else:
            if stack: stack.pop()
        last=t
print('busy total', round(busy,1))
print('--- exclusive (busy)')
for n,v in excl.most_common(30): print(f'{100*v/busy:5.1f}% {n[:150]}')
print('--- inclusive (busy)')
for n,v in incl.most_common(60): print(f'{100*v/busy:5.1f}% {n[:150]}')
if focus:
    print('--- ancestry of',focus)
    for n,v in anc.most_common(10): print(f'{100*v/busy:5.1f}% {n[:400]}')
