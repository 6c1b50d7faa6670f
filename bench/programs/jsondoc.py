import json
txs = []
for i in range(6000):
    txs.append({"meta": {"err": None, "fee": 5000, "preBalances": [1000000000, i, 1], "postBalances": [999995000, i + 1, 1],
                         "logMessages": ["Program 11111111111111111111111111111111 invoke [1]", "Program 11111111111111111111111111111111 success"]},
                "transaction": {"signatures": ["5kTz" + str(i) + "9aQqJ3e2x7mTqkqoS3rXzY2oK8sBvWmVYhq4T6Vd1nE8pPQzU"],
                                "message": {"accountKeys": ["9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", "7Gh3bXo5Yk2Y6nQ4uSTtR9mVCt4ZqE1WcJ9sxHvFn2aa", "11111111111111111111111111111111"],
                                            "recentBlockhash": "EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N",
                                            "instructions": [{"programIdIndex": 2, "accounts": [0, 1], "data": "3Bxs4h24hBtQy9rw"}]}}})
text = json.dumps({"blockHeight": 1204, "blockTime": 1732550400, "blockhash": "EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N", "parentSlot": 1203, "transactions": txs}, separators=(",", ":"))
back = json.dumps(json.loads(text), separators=(",", ":"))
print([len(text), text == back])
